CMakeFiles/newsconv_objects.dir/src/escape.c.o: /work/main/src/escape.c \
 /usr/include/stdc-predef.h /work/main/src/escape.h \
 /usr/lib/gcc/x86_64-linux-gnu/12/include/stddef.h /work/main/src/buf.h \
 /usr/lib/gcc/x86_64-linux-gnu/12/include/stdarg.h
