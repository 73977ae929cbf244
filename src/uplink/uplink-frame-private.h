/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The subprotocol of protocol v1, offered by the uplink profile. */
#define UPLINK_FRAME_PROTOCOL "uplink.v1"

JsonParser *uplink_json_parse_object (const char  *text,
                                      gsize        size,
                                      GError     **error);
gsize       uplink_skip_digits       (const char  *text,
                                      gsize        length,
                                      gsize        i);

G_END_DECLS
