file(REMOVE_RECURSE
  "libnewsconv.pdb"
  "libnewsconv.so"
  "libnewsconv.so.0"
  "libnewsconv.so.0.1.0"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/newsconv_shared.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
