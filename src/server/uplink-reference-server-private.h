/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <libsoup/soup.h>

#include "uplink-reference-server.h"

G_BEGIN_DECLS

typedef struct
{
  guint client;         /* the sender, counting from 1 in connection order */
  gboolean binary;
  GBytes *data;
} UplinkReceivedMessage;

const GPtrArray *uplink_reference_server_get_received (UplinkReferenceServer *self,
                                                       guint                 *dropped);

gboolean uplink_reference_server_is_text              (GBytes                *bytes);
gboolean uplink_reference_server_is_valid_close_code  (guint                  code);
gboolean uplink_reference_server_is_header_value      (const char            *value);

void     uplink_reference_server_add_http_handlers    (UplinkReferenceServer *self,
                                                        SoupServer            *soup);

G_END_DECLS
