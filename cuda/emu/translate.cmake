# cmake -DIN=<file.cu> -DOUT=<file.cpp> [-DMUTATION=<name>] -P translate.cmake
#
# Makes a CUDA source compilable by the host compiler against cuda/emu/include. Only syntax that a
# C++ compiler cannot parse is rewritten, and no line is added or removed (a #line directive keeps
# diagnostics and __FILE__/__LINE__ on the original):
#   name<<<grid, block, shared, stream>>>(args)  ->  CP_EMU_LAUNCH(name, grid, block, shared, stream)(args)
#   extern __shared__ T name[];                 ->  T *const name = CP_EMU_DYNAMIC_SHARED(T);
# With MUTATION, one deliberate bug from mutations.cmake is planted first (the mutation self-test);
# its pattern must occur exactly once, so a mutation cannot silently stop applying.
if(NOT IN OR NOT OUT)
  message(FATAL_ERROR "translate.cmake: IN and OUT are required")
endif()
file(READ "${IN}" src)
get_filename_component(base "${IN}" NAME)
if(MUTATION)
  include("${CMAKE_CURRENT_LIST_DIR}/mutations.cmake")
  if(NOT DEFINED mutation_${MUTATION}_file)
    message(FATAL_ERROR "translate.cmake: unknown mutation ${MUTATION}")
  endif()
  if(base STREQUAL "${mutation_${MUTATION}_file}")
    set(find "${mutation_${MUTATION}_find}")
    string(LENGTH "${src}" len_before)
    string(REPLACE "${find}" "" stripped "${src}")
    string(LENGTH "${stripped}" len_after)
    string(LENGTH "${find}" len_find)
    math(EXPR hits "(${len_before} - ${len_after}) / ${len_find}")
    if(NOT hits EQUAL 1)
      message(FATAL_ERROR "mutation ${MUTATION}: pattern found ${hits} times in ${base}, expected once:\n${find}")
    endif()
    string(REPLACE "${find}" "${mutation_${MUTATION}_replace}" src "${src}")
  endif()
endif()
string(REGEX REPLACE "([A-Za-z_][A-Za-z0-9_:]*)<<<" "CP_EMU_LAUNCH(\\1, " src "${src}")
string(REPLACE ">>>" ")" src "${src}")
string(REGEX REPLACE "extern __shared__ ([A-Za-z_][A-Za-z0-9_:]*) ([A-Za-z_][A-Za-z0-9_]*)\\[\\];"
       "\\1 *const \\2 = CP_EMU_DYNAMIC_SHARED(\\1);" src "${src}")
if(src MATCHES "<<<|__shared__[^\n]*\\[\\]")
  message(FATAL_ERROR "translate.cmake: ${IN} has launch or shared-memory syntax this translation does not handle")
endif()
file(WRITE "${OUT}.tmp" "#include <cuda_runtime.h>\n#line 1 \"${IN}\"\n${src}")
file(RENAME "${OUT}.tmp" "${OUT}")
