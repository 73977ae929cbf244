/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#if !defined(UPLINK_INSIDE) && !defined(UPLINK_COMPILATION)
#error "Only <uplink.h> can be included directly."
#endif

#include <glib-object.h>

#include "uplink-version.h"
#include "uplink-connection-listener.h"
#include "uplink-history.h"
#include "uplink-state.h"
#include "uplink-status-source.h"

G_BEGIN_DECLS

#define UPLINK_TYPE_STATUS_MODEL (uplink_status_model_get_type ())

UPLINK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (UplinkStatusModel, uplink_status_model, UPLINK, STATUS_MODEL, GObject)

UPLINK_AVAILABLE_IN_ALL
UplinkStatusModel *uplink_status_model_new             (void) G_GNUC_WARN_UNUSED_RESULT;

UPLINK_AVAILABLE_IN_ALL
void               uplink_status_model_set_state       (UplinkStatusModel        *self,
                                                        UplinkState               state);
UPLINK_AVAILABLE_IN_ALL
void               uplink_status_model_report_error    (UplinkStatusModel        *self,
                                                        const GError             *error);
UPLINK_AVAILABLE_IN_ALL
void               uplink_status_model_set_throttled   (UplinkStatusModel        *self,
                                                        const char * const       *features);
UPLINK_AVAILABLE_IN_ALL
void               uplink_status_model_set_next_retry  (UplinkStatusModel        *self,
                                                        gint64                    next_retry);
UPLINK_AVAILABLE_IN_ALL
void               uplink_status_model_set_attempt     (UplinkStatusModel        *self,
                                                        guint                     attempt);
UPLINK_AVAILABLE_IN_ALL
void               uplink_status_model_set_latency     (UplinkStatusModel        *self,
                                                        gint64                    latency);
UPLINK_AVAILABLE_IN_ALL
void               uplink_status_model_set_running     (UplinkStatusModel        *self,
                                                        gboolean                  running);

UPLINK_AVAILABLE_IN_ALL
void               uplink_status_model_add_listener    (UplinkStatusModel        *self,
                                                        const char               *id,
                                                        UplinkConnectionListener *listener);
UPLINK_AVAILABLE_IN_ALL
gboolean           uplink_status_model_remove_listener (UplinkStatusModel        *self,
                                                        const char               *id);

G_END_DECLS
