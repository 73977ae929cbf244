/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void     uplink_background_portal_set_status      (GDBusConnection      *bus,
                                                   const char           *sentence);
void     uplink_background_portal_request_async   (GDBusConnection      *bus,
                                                   gboolean              autostart,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean uplink_background_portal_request_finish  (GAsyncResult         *result,
                                                   gboolean             *autostart,
                                                   GError              **error);

G_END_DECLS
