# skip: parse-error
print "python 2 keeps print as a statement"
exec "x = 1"
