# SPDX-License-Identifier: GPL-2.0-or-later
# Smoke run of bench_lifecycle: tiny counts, no latency.  Passes when the
# program exits 0 and printed its per-step table (both arrays side by side)
# and its wall-time table.  Figures are not checked.
execute_process(COMMAND ${BENCH} --hosts 2 --volumes 4 --latency 0 --step-latency 0
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "bench_lifecycle exited ${rc}: ${err}")
endif()
foreach(want "naviseccli commands per step" "RAID group" "CX3-40" "assignStorage" "wall time"
        "lower bound")
  string(FIND "${out}" "${want}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "bench_lifecycle output lacks '${want}'")
  endif()
endforeach()
