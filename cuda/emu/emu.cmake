# The CUDA kernels (cuda/*.cu, unmodified) built by the host compiler against the emulated CUDA
# runtime (cuda/emu/include, runtime.cpp), linked with the host path and the GPU check
# (native/tools/gpu_check.cpp), and run by ctest (label "emu"):
#   cmake --build <dir> --target coprover_emu_tests && ctest --test-dir <dir> -L emu
# Targets (not built by default):
#   coprover_emu_check        -O2, guard pages around dynamic shared memory
#   coprover_emu_check_asan   -fsanitize=address,undefined
#   coprover_emu_mutant_<m>   one deliberate bug from mutations.cmake each; its test passes only
#                             when the check fails (the harness can see that kind of bug)
set(cp_emu_dir ${CMAKE_CURRENT_SOURCE_DIR}/cuda/emu)
file(GLOB cp_emu_cu CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/cuda/*.cu)
file(GLOB cp_emu_host_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/native/src/*.cpp)
include(${cp_emu_dir}/mutations.cmake)

set(cp_emu_asan_flags -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)

function(cp_emu_setup target asan)
  target_include_directories(${target} PRIVATE ${cp_emu_dir}/include ${CMAKE_CURRENT_SOURCE_DIR}/cuda
                             ${CMAKE_CURRENT_SOURCE_DIR}/native/include ${CMAKE_CURRENT_SOURCE_DIR}/native/src)
  target_compile_definitions(${target} PRIVATE COPROVER_WITH_CUDA=1 COPROVER_EMU_CHECK=1)
  if(asan)
    target_compile_options(${target} PRIVATE -O1 -g ${cp_emu_asan_flags})
  else()
    target_compile_options(${target} PRIVATE -O2 -g)
  endif()
endfunction()

# kernel source -> host C++ (translate.cmake); variant names the folder, mutation may be empty
function(cp_emu_translate out cu variant mutation)
  get_filename_component(name ${cu} NAME_WE)
  set(o ${CMAKE_CURRENT_BINARY_DIR}/emu/${variant}/${name}.cpp)
  add_custom_command(OUTPUT ${o}
    COMMAND ${CMAKE_COMMAND} -DIN=${cu} -DOUT=${o} -DMUTATION=${mutation} -P ${cp_emu_dir}/translate.cmake
    DEPENDS ${cu} ${cp_emu_dir}/translate.cmake ${cp_emu_dir}/mutations.cmake VERBATIM)
  set(${out} ${o} PARENT_SCOPE)
endfunction()

foreach(asan 0 1)
  set(sfx "")
  if(asan)
    set(sfx "_asan")
  endif()
  add_library(cp_emu_host${sfx} OBJECT EXCLUDE_FROM_ALL ${cp_emu_host_sources} ${cp_emu_dir}/runtime.cpp
              ${CMAKE_CURRENT_SOURCE_DIR}/native/tools/gpu_check.cpp)
  cp_emu_setup(cp_emu_host${sfx} ${asan})
  foreach(cu ${cp_emu_cu})
    get_filename_component(name ${cu} NAME_WE)
    cp_emu_translate(gen ${cu} base "")
    add_library(cp_emu_k_${name}${sfx} OBJECT EXCLUDE_FROM_ALL ${gen})
    cp_emu_setup(cp_emu_k_${name}${sfx} ${asan})
    target_compile_definitions(cp_emu_k_${name}${sfx} PRIVATE CP_PORTABLE_MATH=1)
  endforeach()
endforeach()

function(cp_emu_executable target asan mutated_cu mutated_gen)
  set(sfx "")
  if(asan)
    set(sfx "_asan")
  endif()
  set(objs $<TARGET_OBJECTS:cp_emu_host${sfx}>)
  foreach(cu ${cp_emu_cu})
    get_filename_component(name ${cu} NAME_WE)
    if(NOT cu STREQUAL mutated_cu)
      list(APPEND objs $<TARGET_OBJECTS:cp_emu_k_${name}${sfx}>)
    endif()
  endforeach()
  add_executable(${target} EXCLUDE_FROM_ALL ${objs} ${mutated_gen})
  if(mutated_gen)
    cp_emu_setup(${target} ${asan})
    target_compile_definitions(${target} PRIVATE CP_PORTABLE_MATH=1)
  endif()
  find_package(Threads REQUIRED)
  target_link_libraries(${target} PRIVATE Threads::Threads)
  if(asan)
    target_link_options(${target} PRIVATE ${cp_emu_asan_flags})
  endif()
endfunction()

cp_emu_executable(coprover_emu_check 0 "" "")
cp_emu_executable(coprover_emu_check_asan 1 "" "")
set(cp_emu_all coprover_emu_check coprover_emu_check_asan)
foreach(m ${cp_emu_mutations})
  set(cu ${CMAKE_CURRENT_SOURCE_DIR}/cuda/${mutation_${m}_file})
  cp_emu_translate(gen ${cu} mutant_${m} ${m})
  cp_emu_executable(coprover_emu_mutant_${m} 0 ${cu} ${gen})
  list(APPEND cp_emu_all coprover_emu_mutant_${m})
endforeach()
add_custom_target(coprover_emu_tests DEPENDS ${cp_emu_all})

# Small sizes keep the whole set near a minute on two cores: NTT up to 2^12 (from 2^11 on, the
# stage kernel's second tile shape runs), MSM up to 2^12 points; smaller under AddressSanitizer.
add_test(NAME emu_check_eager COMMAND coprover_emu_check check 12 12 1)
add_test(NAME emu_check_lazy_reverse COMMAND coprover_emu_check check 11 11 2)
add_test(NAME emu_check_lazy_random COMMAND coprover_emu_check check 12 12 3)
add_test(NAME emu_check_asan_lazy_random COMMAND coprover_emu_check_asan check 11 11 4)
set_tests_properties(emu_check_lazy_reverse PROPERTIES ENVIRONMENT "CP_EMU_LAZY=1;CP_EMU_ORDER=reverse")
set_tests_properties(emu_check_lazy_random emu_check_asan_lazy_random PROPERTIES
                     ENVIRONMENT "CP_EMU_LAZY=1;CP_EMU_ORDER=random;CP_EMU_SEED=7")
set(cp_emu_tests emu_check_eager emu_check_lazy_reverse emu_check_lazy_random emu_check_asan_lazy_random)
foreach(m ${cp_emu_mutations})
  add_test(NAME emu_mutant_${m}
           COMMAND ${CMAKE_COMMAND} -DEXE=$<TARGET_FILE:coprover_emu_mutant_${m}> "-DARGS=check;11;11;1"
                   "-DEXPECT=${mutation_${m}_expect}" -P ${cp_emu_dir}/expect_failure.cmake)
  set_tests_properties(emu_mutant_${m} PROPERTIES ENVIRONMENT "CP_EMU_LAZY=1")
  list(APPEND cp_emu_tests emu_mutant_${m})
endforeach()
# bench/gpu-bench.sh --dry-run: the GPU bench script's every step, on the emulation, tiny sizes
find_program(cp_emu_bash bash)
if(cp_emu_bash)
  add_test(NAME emu_gpu_bench_dry_run
           COMMAND ${cp_emu_bash} ${CMAKE_CURRENT_SOURCE_DIR}/bench/gpu-bench.sh --dry-run --build-dir ${CMAKE_CURRENT_BINARY_DIR})
  set_tests_properties(emu_gpu_bench_dry_run PROPERTIES ENVIRONMENT "OUT=${CMAKE_CURRENT_BINARY_DIR}/gpu-bench-dry-run")
  list(APPEND cp_emu_tests emu_gpu_bench_dry_run)
endif()
set_tests_properties(${cp_emu_tests} PROPERTIES LABELS emu TIMEOUT 600)
