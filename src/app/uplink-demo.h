/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gio/gio.h>
#include <uplink.h>

G_BEGIN_DECLS

#define UPLINK_TYPE_DEMO (uplink_demo_get_type ())

/* The wait before each attempt on the demo server, in ms: a step (5 s)
 * and 3 s more. An outage then outlasts the default grace period (5 s)
 * by the time it takes to read its notification, rather than ending as
 * the notification appears. */
#define UPLINK_DEMO_BACKOFF_MS 8000

G_DECLARE_FINAL_TYPE (UplinkDemo, uplink_demo, UPLINK, DEMO, GObject)

UplinkDemo *uplink_demo_new     (void) G_GNUC_WARN_UNUSED_RESULT;
gboolean    uplink_demo_start   (UplinkDemo  *self,
                                 GError     **error);
void        uplink_demo_drive   (UplinkDemo       *self,
                                 UplinkConnection *connection);
const char *uplink_demo_get_url (UplinkDemo  *self);
const char *uplink_demo_get_step (UplinkDemo *self);
const char * const *uplink_demo_get_protocols (void);

G_END_DECLS
