import pytest

from verify_quote import check_tcb_status


def test_out_of_date_tcb_rejected():
    with pytest.raises(ValueError):
        check_tcb_status("OutOfDate")
