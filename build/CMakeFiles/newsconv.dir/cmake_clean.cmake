file(REMOVE_RECURSE
  "CMakeFiles/newsconv.dir/src/main.c.o"
  "CMakeFiles/newsconv.dir/src/main.c.o.d"
  "newsconv"
  "newsconv.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/newsconv.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
