# SPDX-License-Identifier: GPL-2.0-or-later
# check_install.cmake: the cmake install component "xapi", staged with
# DESTDIR into a temp dir, puts the binary in PREFIX/libexec/slgw and, in
# xapi-storage-script's directory, one symlink per method pointing at the
# binary's final path (not the staging dir).
#   cmake -DBUILD=<build dir> -DSTAGE=<temp dir> -DVOLUME="a;b" -DDATAPATH="c;d"
#         -DSCRIPT_DIR=/usr/libexec/xapi-storage-script -P check_install.cmake
file(REMOVE_RECURSE ${STAGE})
execute_process(COMMAND ${CMAKE_COMMAND} -E env DESTDIR=${STAGE}
                ${CMAKE_COMMAND} --install ${BUILD} --component xapi --prefix /opt/slgw
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install --component xapi failed: ${rc}")
endif()
set(bin ${STAGE}/opt/slgw/libexec/slgw/slgw-xapi)
if(NOT EXISTS ${bin} OR IS_DIRECTORY ${bin})
  message(FATAL_ERROR "the binary is not installed at ${bin}")
endif()
foreach(pair "volume/org.xen.xapi.storage.slgw|${VOLUME}" "datapath/slgw|${DATAPATH}")
  string(REPLACE "|" ";" parts "${pair}")
  list(GET parts 0 dir)
  list(REMOVE_AT parts 0)
  set(n 0)
  foreach(m ${parts})
    set(link ${STAGE}${SCRIPT_DIR}/${dir}/${m})
    if(NOT IS_SYMLINK ${link})
      message(FATAL_ERROR "${link} is not a symlink")
    endif()
    file(READ_SYMLINK ${link} target)
    if(NOT target STREQUAL "/opt/slgw/libexec/slgw/slgw-xapi")
      message(FATAL_ERROR "${link} points at ${target}")
    endif()
    math(EXPR n "${n} + 1")
  endforeach()
  file(GLOB present ${STAGE}${SCRIPT_DIR}/${dir}/*)
  list(LENGTH present have)
  if(NOT have EQUAL n)
    message(FATAL_ERROR "${dir}: ${have} entries, expected ${n}")
  endif()
endforeach()
file(REMOVE_RECURSE ${STAGE})
message(STATUS "xapi install component: the binary and every method link in place")
