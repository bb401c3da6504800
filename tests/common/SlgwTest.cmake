# SPDX-License-Identifier: GPL-2.0-or-later
# SlgwTest.cmake - how a Check test program is built and registered, in one
# place instead of the same six steps in every test folder.  Included by
# tests/CMakeLists.txt before the folders.
#
# slgw_check_test(<target> <source>...
#                 [LIBS <lib>...] [INCLUDES <dir>...] [DEFINES <def>...]
#                 [DEPENDS <target>...]
#                 [TEST <ctest name>] [TIMEOUT <s>] [LABELS <label>...]
#                 [ENVIRONMENT <VAR=value>...])
#   The program from its sources, linked with Check and LIBS, with the
#   project's warnings; registered with ctest under TEST when given.
#
# slgw_e2e_test(<target> <source>... [the options of slgw_check_test])
#   The same for a program that drives the real slgwd on navisim: the
#   gateway's e2e harness (tests/gateway/e2e_harness.c) compiled in, its
#   folder on the include path, the generated gSOAP client and OpenSSL
#   linked, SLGWD_PATH and NAVISIM_PATH defined, and both daemons built
#   first.  Call it only where TARGET slgwd and TARGET navisim exist.

function(slgw_check_test target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "TEST;TIMEOUT"
                        "LIBS;INCLUDES;DEFINES;DEPENDS;LABELS;ENVIRONMENT")
  add_executable(${target} ${arg_UNPARSED_ARGUMENTS})
  if(arg_INCLUDES)
    target_include_directories(${target} PRIVATE ${arg_INCLUDES})
  endif()
  target_link_libraries(${target} PRIVATE ${arg_LIBS} PkgConfig::CHECK)
  if(arg_DEFINES)
    target_compile_definitions(${target} PRIVATE ${arg_DEFINES})
  endif()
  if(arg_DEPENDS)
    add_dependencies(${target} ${arg_DEPENDS})
  endif()
  slgw_warnings(${target})
  if(NOT arg_TEST)
    return()
  endif()
  add_test(NAME ${arg_TEST} COMMAND ${target})
  set_tests_properties(${arg_TEST} PROPERTIES LABELS "${arg_LABELS}")
  if(arg_TIMEOUT)
    set_tests_properties(${arg_TEST} PROPERTIES TIMEOUT ${arg_TIMEOUT})
  endif()
  if(arg_ENVIRONMENT)
    set_tests_properties(${arg_TEST} PROPERTIES ENVIRONMENT "${arg_ENVIRONMENT}")
  endif()
endfunction()

function(slgw_e2e_test target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "LIBS;INCLUDES;DEFINES;DEPENDS")
  set(gw ${PROJECT_SOURCE_DIR}/tests/gateway)
  # the harness first: the caller's TEST, TIMEOUT, LABELS... pass through
  # at the end of the unparsed arguments
  slgw_check_test(${target} ${gw}/e2e_harness.c ${arg_UNPARSED_ARGUMENTS}
    INCLUDES ${gw} ${arg_INCLUDES}
    LIBS slgw_soap_client PkgConfig::OPENSSL ${arg_LIBS}
    DEFINES SLGWD_PATH="$<TARGET_FILE:slgwd>" NAVISIM_PATH="$<TARGET_FILE:navisim>" ${arg_DEFINES}
    DEPENDS slgwd navisim ${arg_DEPENDS})
endfunction()
