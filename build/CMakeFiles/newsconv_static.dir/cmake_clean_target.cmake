file(REMOVE_RECURSE
  "libnewsconv.a"
)
