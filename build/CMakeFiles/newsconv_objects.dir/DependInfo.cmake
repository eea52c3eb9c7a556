
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/formats/json.c" "CMakeFiles/newsconv_objects.dir/formats/json.c.o" "gcc" "CMakeFiles/newsconv_objects.dir/formats/json.c.o.d"
  "/work/main/formats/markdown.c" "CMakeFiles/newsconv_objects.dir/formats/markdown.c.o" "gcc" "CMakeFiles/newsconv_objects.dir/formats/markdown.c.o.d"
  "/work/main/formats/registry.c" "CMakeFiles/newsconv_objects.dir/formats/registry.c.o" "gcc" "CMakeFiles/newsconv_objects.dir/formats/registry.c.o.d"
  "/work/main/src/arena.c" "CMakeFiles/newsconv_objects.dir/src/arena.c.o" "gcc" "CMakeFiles/newsconv_objects.dir/src/arena.c.o.d"
  "/work/main/src/buf.c" "CMakeFiles/newsconv_objects.dir/src/buf.c.o" "gcc" "CMakeFiles/newsconv_objects.dir/src/buf.c.o.d"
  "/work/main/src/document.c" "CMakeFiles/newsconv_objects.dir/src/document.c.o" "gcc" "CMakeFiles/newsconv_objects.dir/src/document.c.o.d"
  "/work/main/src/error.c" "CMakeFiles/newsconv_objects.dir/src/error.c.o" "gcc" "CMakeFiles/newsconv_objects.dir/src/error.c.o.d"
  "/work/main/src/escape.c" "CMakeFiles/newsconv_objects.dir/src/escape.c.o" "gcc" "CMakeFiles/newsconv_objects.dir/src/escape.c.o.d"
  "/work/main/src/node.c" "CMakeFiles/newsconv_objects.dir/src/node.c.o" "gcc" "CMakeFiles/newsconv_objects.dir/src/node.c.o.d"
  "/work/main/src/reader.c" "CMakeFiles/newsconv_objects.dir/src/reader.c.o" "gcc" "CMakeFiles/newsconv_objects.dir/src/reader.c.o.d"
  "/work/main/src/sink.c" "CMakeFiles/newsconv_objects.dir/src/sink.c.o" "gcc" "CMakeFiles/newsconv_objects.dir/src/sink.c.o.d"
  "/work/main/src/utf8.c" "CMakeFiles/newsconv_objects.dir/src/utf8.c.o" "gcc" "CMakeFiles/newsconv_objects.dir/src/utf8.c.o.d"
  "/work/main/src/version.c" "CMakeFiles/newsconv_objects.dir/src/version.c.o" "gcc" "CMakeFiles/newsconv_objects.dir/src/version.c.o.d"
  "/work/main/src/write.c" "CMakeFiles/newsconv_objects.dir/src/write.c.o" "gcc" "CMakeFiles/newsconv_objects.dir/src/write.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
