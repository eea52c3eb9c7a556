# The benchmark (issue 10): not part of the pass/fail suite. Its programs are
# built with everything else; `make bench` (tests/bench/run.sh) runs them.
# The one test here is a quick smoke run on the seed (label "bench").
add_executable(nc_bench ${CMAKE_CURRENT_LIST_DIR}/bench.c)
target_compile_options(nc_bench PRIVATE ${NC_WARNINGS})

add_executable(nc_pdf_floor ${CMAKE_CURRENT_LIST_DIR}/pdf_floor.c)
target_compile_options(nc_pdf_floor PRIVATE ${NC_WARNINGS})
target_include_directories(nc_pdf_floor PRIVATE ${HPDF_INCLUDE_DIR})
target_link_libraries(nc_pdf_floor PRIVATE ${HPDF_LIBRARY} PkgConfig::FONTCONFIG)

nc_add_script(bench_smoke LABELS bench TIMEOUT 60
  COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/smoke.sh $<TARGET_FILE:nc_bench> $<TARGET_FILE:nc_pdf_floor>)
