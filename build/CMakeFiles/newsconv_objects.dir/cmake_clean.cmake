file(REMOVE_RECURSE
  "CMakeFiles/newsconv_objects.dir/formats/json.c.o"
  "CMakeFiles/newsconv_objects.dir/formats/json.c.o.d"
  "CMakeFiles/newsconv_objects.dir/formats/markdown.c.o"
  "CMakeFiles/newsconv_objects.dir/formats/markdown.c.o.d"
  "CMakeFiles/newsconv_objects.dir/formats/registry.c.o"
  "CMakeFiles/newsconv_objects.dir/formats/registry.c.o.d"
  "CMakeFiles/newsconv_objects.dir/src/arena.c.o"
  "CMakeFiles/newsconv_objects.dir/src/arena.c.o.d"
  "CMakeFiles/newsconv_objects.dir/src/buf.c.o"
  "CMakeFiles/newsconv_objects.dir/src/buf.c.o.d"
  "CMakeFiles/newsconv_objects.dir/src/document.c.o"
  "CMakeFiles/newsconv_objects.dir/src/document.c.o.d"
  "CMakeFiles/newsconv_objects.dir/src/error.c.o"
  "CMakeFiles/newsconv_objects.dir/src/error.c.o.d"
  "CMakeFiles/newsconv_objects.dir/src/escape.c.o"
  "CMakeFiles/newsconv_objects.dir/src/escape.c.o.d"
  "CMakeFiles/newsconv_objects.dir/src/node.c.o"
  "CMakeFiles/newsconv_objects.dir/src/node.c.o.d"
  "CMakeFiles/newsconv_objects.dir/src/reader.c.o"
  "CMakeFiles/newsconv_objects.dir/src/reader.c.o.d"
  "CMakeFiles/newsconv_objects.dir/src/sink.c.o"
  "CMakeFiles/newsconv_objects.dir/src/sink.c.o.d"
  "CMakeFiles/newsconv_objects.dir/src/utf8.c.o"
  "CMakeFiles/newsconv_objects.dir/src/utf8.c.o.d"
  "CMakeFiles/newsconv_objects.dir/src/version.c.o"
  "CMakeFiles/newsconv_objects.dir/src/version.c.o.d"
  "CMakeFiles/newsconv_objects.dir/src/write.c.o"
  "CMakeFiles/newsconv_objects.dir/src/write.c.o.d"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/newsconv_objects.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
