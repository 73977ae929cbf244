/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define UPLINK_TYPE_NOTIFICATION_GROUP (uplink_notification_group_get_type ())

G_DECLARE_FINAL_TYPE (UplinkNotificationGroup, uplink_notification_group, UPLINK, NOTIFICATION_GROUP, GObject)

UplinkNotificationGroup *uplink_notification_group_new         (guint                    gather_ms) G_GNUC_WARN_UNUSED_RESULT;
void                     uplink_notification_group_add         (UplinkNotificationGroup *self,
                                                                const char              *id,
                                                                const char              *name,
                                                                const char              *title,
                                                                const char              *body,
                                                                gboolean                 down,
                                                                gboolean                 offline);
void                     uplink_notification_group_remove      (UplinkNotificationGroup *self,
                                                                const char              *id);
void                     uplink_notification_group_clear       (UplinkNotificationGroup *self);
void                     uplink_notification_group_set_gather_ms (UplinkNotificationGroup *self,
                                                                  guint                    gather_ms);
void                     uplink_notification_group_set_order   (UplinkNotificationGroup *self,
                                                                const char * const      *ids);
guint                    uplink_notification_group_get_n_shown (UplinkNotificationGroup *self);
char                    *uplink_notification_group_dup_title   (UplinkNotificationGroup *self) G_GNUC_WARN_UNUSED_RESULT;
char                    *uplink_notification_group_dup_body    (UplinkNotificationGroup *self) G_GNUC_WARN_UNUSED_RESULT;
const char              *uplink_notification_group_get_single  (UplinkNotificationGroup *self);

G_END_DECLS
