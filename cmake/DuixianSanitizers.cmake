# Sanitizer and fuzzing builds (clang; see CMakePresets.json and
# scripts/sanitize.sh).
#
#   DX_SANITIZE=address,undefined   ASan + UBSan, every finding fatal
#   DX_SANITIZE=thread              TSan; only the concurrency tests are built
#   DX_BUILD_FUZZ=ON                the libFuzzer targets in fuzz/ (clang only);
#                                   every object gets coverage instrumentation
#
# The flags go on every target of the project (libraries, tests, the CLI),
# so the CLI that the end-to-end tests run is instrumented too. Third-party
# libraries (Debian's abseil, ANTLR runtime, GoogleTest) are not; that is
# fine for ASan/UBSan and TSan as long as they do not run threads of their
# own, which they do not here.
set(DX_SANITIZE "" CACHE STRING "Sanitizers to build with: address,undefined | thread | empty")
option(DX_BUILD_FUZZ "Build the libFuzzer targets in fuzz/ (clang)" OFF)

if(DX_SANITIZE OR DX_BUILD_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "DX_SANITIZE / DX_BUILD_FUZZ need clang (configure with "
                        "-DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_C_COMPILER=clang-14)")
  endif()
endif()

if(DX_SANITIZE)
  if(DX_SANITIZE MATCHES "thread" AND DX_SANITIZE MATCHES "address")
    message(FATAL_ERROR "DX_SANITIZE: thread and address cannot be combined")
  endif()
  # -fno-sanitize-recover: the first report aborts the process, so a test
  # that trips a sanitizer fails instead of printing a warning nobody reads.
  set(dx_san_flags -fsanitize=${DX_SANITIZE} -fno-sanitize-recover=all -fno-omit-frame-pointer)
  if(DX_SANITIZE MATCHES "undefined")
    # 128-bit overflow checks call __muloti4, which libgcc lacks: take it
    # from compiler-rt's builtins.
    execute_process(COMMAND ${CMAKE_CXX_COMPILER} --print-file-name=libclang_rt.builtins-x86_64.a
                    OUTPUT_VARIABLE dx_rt_builtins OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(EXISTS "${dx_rt_builtins}")
      link_libraries("${dx_rt_builtins}")
    else()
      execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-libgcc-file-name --rtlib=compiler-rt
                      OUTPUT_VARIABLE dx_rt_builtins OUTPUT_STRIP_TRAILING_WHITESPACE)
      if(EXISTS "${dx_rt_builtins}")
        link_libraries("${dx_rt_builtins}")
      endif()
    endif()
  endif()
  add_compile_options(${dx_san_flags})
  add_link_options(${dx_san_flags})
endif()

if(DX_BUILD_FUZZ)
  # Coverage feedback for libFuzzer in every object; the fuzz targets add
  # -fsanitize=fuzzer (libFuzzer's main) at link time.
  add_compile_options(-fsanitize=fuzzer-no-link)
  add_link_options(-fsanitize=fuzzer-no-link)
endif()

# dx_fuzz_target(name source libs...): one libFuzzer binary.
function(dx_fuzz_target name source)
  add_executable(${name} ${source})
  target_link_libraries(${name} PRIVATE ${ARGN})
  target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
  target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  target_compile_definitions(${name} PRIVATE DX_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  dx_project_warnings(${name})
endfunction()
