/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

GError  *uplink_failure_from_handshake (SoupMessage  *handshake,
                                        const GError *soup_error,
                                        gint64       *retry_after_us);
GError  *uplink_failure_from_close     (gushort       code,
                                        const char   *reason,
                                        const GError *socket_error);
gint64   uplink_parse_retry_after      (const char   *value,
                                        GDateTime    *now);

/* Binds the library's gettext domain; every entry point that returns
 * translated text calls it first. */
void     uplink_ensure_translations    (void);

G_END_DECLS
