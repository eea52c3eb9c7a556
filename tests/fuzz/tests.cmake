# One ctest per fuzz target, label "fuzz": each runs for FUZZ_SECONDS
# (environment; default 20) from the committed seeds and past findings.
# tests/fuzz/run.sh builds this folder and runs them, two at a time.
get_property(targets GLOBAL PROPERTY NC_FUZZ_TARGETS)
foreach(t IN LISTS targets)
  add_test(NAME ${t} COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/run_target.sh $<TARGET_FILE:${t}>)
  set_tests_properties(${t} PROPERTIES LABELS fuzz
    ENVIRONMENT "SRC=${PROJECT_SOURCE_DIR};WORK=${CMAKE_CURRENT_BINARY_DIR}/work/${t}")
endforeach()
# The writer targets must cover every format the binary lists.
list(LENGTH writers n_writers)
add_test(NAME fuzz_covers_registry COMMAND sh -c
  "n=$($0 --list-formats | wc -l); echo \"$n formats, $1 writer targets\"; [ $n -eq $1 ]"
  $<TARGET_FILE:newsconv> ${n_writers})
set_tests_properties(fuzz_covers_registry PROPERTIES LABELS fuzz)
