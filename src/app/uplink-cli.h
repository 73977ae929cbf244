/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses of `uplink status`: up or down for a plain query, like
 * nm-online's with --wait. */
typedef enum {
  UPLINK_CLI_OK = 0,
  UPLINK_CLI_DOWN = 1,
  UPLINK_CLI_TIMED_OUT = 1,
  UPLINK_CLI_NOT_RUNNING = 2,
  UPLINK_CLI_USAGE = 3,
} UplinkCliStatus;

int uplink_cli_status (int    argc,
                       char **argv);

G_END_DECLS
