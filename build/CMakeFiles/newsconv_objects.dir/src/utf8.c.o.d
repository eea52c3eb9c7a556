CMakeFiles/newsconv_objects.dir/src/utf8.c.o: /work/main/src/utf8.c \
 /usr/include/stdc-predef.h /work/main/src/utf8.h \
 /usr/lib/gcc/x86_64-linux-gnu/12/include/stddef.h
