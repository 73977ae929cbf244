/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <uplink.h>

G_BEGIN_DECLS

#define UPLINK_TYPE_EVENT_LOG (uplink_event_log_get_type ())

G_DECLARE_FINAL_TYPE (UplinkEventLog, uplink_event_log, UPLINK, EVENT_LOG, GObject)

/* How many events the log keeps. */
#define UPLINK_EVENT_LOG_CAPACITY 200

UplinkEventLog     *uplink_event_log_new            (gboolean            recording) G_GNUC_WARN_UNUSED_RESULT;
UplinkStatusSource *uplink_event_log_get_source     (UplinkEventLog     *self);
void                uplink_event_log_set_source     (UplinkEventLog     *self,
                                                     UplinkStatusSource *source);
void                uplink_event_log_append         (UplinkEventLog     *self,
                                                     gint64              wall_time,
                                                     const char         *title,
                                                     const char         *cause);
gboolean            uplink_event_log_get_event      (UplinkEventLog     *self,
                                                     guint               index,
                                                     gint64             *wall_time,
                                                     const char        **title,
                                                     const char        **cause);
guint             uplink_event_log_get_n_events   (UplinkEventLog   *self);
char             *uplink_event_log_describe_event (UplinkEventLog   *self,
                                                   guint             index,
                                                   char            **cause) G_GNUC_WARN_UNUSED_RESULT;
char             *uplink_event_log_get_report     (UplinkEventLog   *self) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
