if x:
	  a
  	b
