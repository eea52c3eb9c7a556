# Batch conversion for CI (issue 7): many inputs, every format, the same bytes.
nc_add_script(batch_reproducible LABELS "batch;slow" TIMEOUT 300
  COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/reproducible.sh)
nc_add_script(batch_failures LABELS batch
  COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/failures.sh)
nc_add_script(batch_same_basename LABELS batch
  COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/same_basename.sh)
nc_add_script(batch_parallel_shards LABELS batch
  COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/parallel_shards.sh)
nc_add_script(batch_progress LABELS batch
  COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/progress.sh)
nc_add_script(batch_corpus LABELS "corpus;slow" TIMEOUT 900
  COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/corpus.sh)
