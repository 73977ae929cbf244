/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include "uplink-error.h"

/**
 * uplink_connection_error_quark:
 *
 * Gets the error domain of the failures a [class@Connection] reports.
 *
 * C code uses the `UPLINK_CONNECTION_ERROR` macro instead; the codes are
 * those of [error@ConnectionError].
 *
 * Returns: the error quark
 *
 * Since: 1.0
 */
G_DEFINE_QUARK (uplink-connection-error-quark, uplink_connection_error)
