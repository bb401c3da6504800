# SPDX-License-Identifier: GPL-2.0-or-later
# slgw_vnx: the naviseccli command builders, the runner (spawn, timeout,
# SP failover, retries, counters) and the VNX adapter implementing
# adapters/adapter.h (vnx_adapter*.c, one file per family of operations,
# sharing vnx_adapter_int.h).  Included by adapters/vnx/CMakeLists.txt after parse/.
add_library(slgw_vnx STATIC
  ${CMAKE_CURRENT_LIST_DIR}/vnx_cmd.c
  ${CMAKE_CURRENT_LIST_DIR}/vnx_runner.c
  ${CMAKE_CURRENT_LIST_DIR}/vnx_adapter.c
  ${CMAKE_CURRENT_LIST_DIR}/vnx_adapter_luns.c
  ${CMAKE_CURRENT_LIST_DIR}/vnx_adapter_classic.c
  ${CMAKE_CURRENT_LIST_DIR}/vnx_adapter_hosts.c)
target_include_directories(slgw_vnx PUBLIC ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(slgw_vnx PUBLIC slgw_adapter slgw_vnxparse Threads::Threads)
slgw_warnings(slgw_vnx)
