# cmake -DEXE=<check> -DARGS=<a;b;c> -DEXPECT=<regex> -P expect_failure.cmake
# Passes only when the check exits non-zero and its output matches EXPECT: a planted bug was seen
# for the reason it should be, not because the binary is missing or crashed for another one.
execute_process(COMMAND ${EXE} ${ARGS} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
string(REGEX MATCHALL "[^\n]*(FAIL|ERROR|cuda emulation)[^\n]*" lines "${out}${err}")
list(LENGTH lines n)
if(n GREATER 6)
  list(SUBLIST lines 0 6 lines)
endif()
string(REPLACE ";" "\n  " shown "${lines}")
if(rc EQUAL 0)
  message(FATAL_ERROR "the mutant passed the emulated check: this kind of bug goes unseen")
endif()
if(NOT "${out}${err}" MATCHES "${EXPECT}")
  message(FATAL_ERROR "the mutant failed (exit ${rc}) but not with /${EXPECT}/:\n${out}${err}")
endif()
message(STATUS "the mutant failed as expected (exit ${rc}):\n  ${shown}")
