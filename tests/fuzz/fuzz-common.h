/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What every libFuzzer target of Uplink shares. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

int LLVMFuzzerInitialize (int    *argc,
                          char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* A parser's error is a connection error of the protocol kind, with a
 * message in UTF-8: it reaches logs, tooltips and notifications. */
#define fuzz_check_protocol_error(error)                                          \
  G_STMT_START {                                                                  \
    g_assert_error ((error), UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_PROTOCOL); \
    g_assert_true (g_utf8_validate ((error)->message, -1, NULL));                \
  } G_STMT_END

/* A failed g_return_if_fail() means a parser broke a promise to its
 * callers: make it a crash that libFuzzer keeps. GSlice would hide leaks
 * from LeakSanitizer; run-fuzz sets this too, before GLib loads. */
#define FUZZ_DEFINE_INITIALIZE()                                                  \
  int                                                                             \
  LLVMFuzzerInitialize (int    *argc,                                             \
                        char ***argv)                                             \
  {                                                                               \
    g_setenv ("G_SLICE", "always-malloc", FALSE);                                 \
    g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);          \
    return 0;                                                                     \
  }
