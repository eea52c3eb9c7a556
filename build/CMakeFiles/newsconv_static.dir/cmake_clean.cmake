file(REMOVE_RECURSE
  "libnewsconv.a"
  "libnewsconv.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/newsconv_static.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
