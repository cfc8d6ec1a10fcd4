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
  if(DX_SANITIZE MATCHES "undefined")
    # A C program (examples/c, the C ABI test) linking the C++ library
    # needs UBSan's C++ part (vptr and function-type checks), which the C
    # driver leaves out.
    add_link_options($<$<LINK_LANGUAGE:C>:-fsanitize-link-c++-runtime>)
    link_libraries($<$<LINK_LANGUAGE:C>:stdc++>)
  endif()
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

# clang and Debian's ANTLR 4.9 runtime: the umbrella header antlr4-runtime.h
# includes misc/InterpreterDataReader.h, whose InterpreterData() {} default-
# constructs a dfa::Vocabulary that clang (rightly) calls deleted (a const
# std::vector member without an initialiser); g++ accepts it. Nothing here
# uses InterpreterDataReader, so clang builds get a copy of the umbrella
# header without that line, found before the original. Call after
# find_package(antlr4-runtime).
macro(dx_antlr_clang_shim)
  if(CMAKE_CXX_COMPILER_ID MATCHES "Clang" AND EXISTS "${ANTLR4_INCLUDE_DIR}/antlr4-runtime.h")
    file(READ "${ANTLR4_INCLUDE_DIR}/antlr4-runtime.h" dx_antlr_umbrella)
    string(REPLACE "#include \"misc/InterpreterDataReader.h\"" "" dx_antlr_umbrella "${dx_antlr_umbrella}")
    # via configure_file: rewritten only when it changes, so no rebuilds
    file(WRITE "${PROJECT_BINARY_DIR}/antlr_clang_shim/antlr4-runtime.h.in" "${dx_antlr_umbrella}")
    configure_file("${PROJECT_BINARY_DIR}/antlr_clang_shim/antlr4-runtime.h.in"
                   "${PROJECT_BINARY_DIR}/antlr_clang_shim/antlr4-runtime.h" COPYONLY)
    set(ANTLR4_INCLUDE_DIR "${PROJECT_BINARY_DIR}/antlr_clang_shim" "${ANTLR4_INCLUDE_DIR}")
  endif()
endmacro()

# dx_sanitizer_test_options(dir): every executable defined under `dir`
# (recursively) compiles at -O0 with GoogleTest and nlohmann/json
# precompiled. (Not a unity build: test files define many helpers of the
# same name in anonymous namespaces -- Write, TempDir, ReadFile, N…)
function(dx_sanitizer_test_options dir)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  foreach(t IN LISTS targets)
    get_target_property(type ${t} TYPE)
    if(type STREQUAL "EXECUTABLE")
      target_compile_options(${t} PRIVATE -O0)
      target_precompile_headers(${t} PRIVATE
        "$<$<COMPILE_LANGUAGE:CXX>:<gtest/gtest.h$<ANGLE-R>>"
        "$<$<COMPILE_LANGUAGE:CXX>:<nlohmann/json.hpp$<ANGLE-R>>"
        "$<$<COMPILE_LANGUAGE:CXX>:<string$<ANGLE-R>>"
        "$<$<COMPILE_LANGUAGE:CXX>:<vector$<ANGLE-R>>")
    endif()
  endforeach()
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(d IN LISTS subdirs)
    dx_sanitizer_test_options(${d})
  endforeach()
endfunction()

# dx_sanitizer_whole_binary_tests(): in sanitizer builds a GoogleTest binary
# is not one CTest test per test case (a process each: the sanitizer
# runtime's start-up and every per-process cache, such as the compiled
# catalogue, paid hundreds of times) but two CTest tests per binary, each
# running half of its cases (GoogleTest sharding), so `ctest -j2` keeps two
# cores busy. Call after include(GoogleTest); replaces gtest_discover_tests.
macro(dx_sanitizer_whole_binary_tests)
  function(gtest_discover_tests target)
    cmake_parse_arguments(ARG "" "DISCOVERY_TIMEOUT" "PROPERTIES" ${ARGN})
    foreach(shard 0 1)
      add_test(NAME ${target}.shard${shard} COMMAND ${target})
      if(ARG_PROPERTIES)
        set_tests_properties(${target}.shard${shard} PROPERTIES ${ARG_PROPERTIES})
      endif()
      set_property(TEST ${target}.shard${shard} APPEND PROPERTY ENVIRONMENT
                   GTEST_TOTAL_SHARDS=2 GTEST_SHARD_INDEX=${shard})
      get_test_property(${target}.shard${shard} TIMEOUT timeout)
      if(NOT timeout)
        set_tests_properties(${target}.shard${shard} PROPERTIES TIMEOUT 2400)
      endif()
    endforeach()
  endfunction()
endmacro()

# dx_unity_libraries(): with DX_UNITY_BUILD=ON (the sanitizer presets) the
# libraries and the CLI build as unity builds: a few sources per compiler
# run, so abseil, nlohmann/json and ANTLR headers are parsed once per batch
# instead of once per file. (The test programs have precompiled headers
# instead, see dx_sanitizer_test_options.) A source whose anonymous-namespace
# helpers share a name with a sibling's -- both files read better with their
# own short names -- compiles on its own. A new clash fails only these trees,
# in scripts/sanitize.sh, naming both definitions. Call at the end of the
# top-level CMakeLists.txt.
option(DX_UNITY_BUILD "Unity-build the libraries and the CLI (sanitizer presets)" OFF)
function(dx_unity_libraries)
  if(NOT DX_UNITY_BUILD)
    return()
  endif()
  foreach(t duixian_common duixian_engine duixian_grammar duixian_dsl duixian_cli duixian_gen duixian)
    if(TARGET ${t})
      set_target_properties(${t} PROPERTIES UNITY_BUILD ON)
    endif()
  endforeach()
  # engine/batch: the report writers each have their own Esc, Count, Text…,
  # the screener and the population scan each their own Batch;
  # engine/profile: the decoders each their own IsDigit, Sv, Exact…, and
  # the simdjson file its own -msse4.2.
  file(GLOB separate RELATIVE ${PROJECT_SOURCE_DIR} CONFIGURE_DEPENDS
       ${PROJECT_SOURCE_DIR}/engine/batch/*.cc ${PROJECT_SOURCE_DIR}/engine/profile/*.cc)
  list(APPEND separate
    engine/whatif/record_advice.cc     # Candidates (missing_set.cc)
    engine/whatif/program_slice.cc     # ConstantText (ir/rule_graph.cc)
    engine/whatif/choice_advice.cc)    # Shown (value/uscc.cc)
  set_source_files_properties(${separate} DIRECTORY ${PROJECT_SOURCE_DIR}/engine
                              PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
  set_source_files_properties(dsl/lint/internal/text_numbers.cc  # kUnits (parse/internal/ast_builder.cc)
                              DIRECTORY ${PROJECT_SOURCE_DIR}/dsl PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
  set_source_files_properties(tools/duixian/cmd_gen.cc           # WriteFile (cmd_fmt.cc)
                              DIRECTORY ${PROJECT_SOURCE_DIR}/tools/duixian PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
endfunction()
