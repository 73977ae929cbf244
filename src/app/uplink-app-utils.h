/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean uplink_app_check_url            (const char *url,
                                          GError    **error);
gint64   uplink_app_monotonic_to_unix    (gint64      monotonic_time);

G_END_DECLS
