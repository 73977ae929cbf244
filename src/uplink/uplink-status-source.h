/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#if !defined(UPLINK_INSIDE) && !defined(UPLINK_COMPILATION)
#error "Only <uplink.h> can be included directly."
#endif

#include <glib-object.h>

#include "uplink-version.h"
#include "uplink-state.h"
#include "uplink-history.h"

G_BEGIN_DECLS

#define UPLINK_TYPE_STATUS_SOURCE (uplink_status_source_get_type ())

/**
 * UplinkSourceDetails:
 * @url: (nullable): the server's address, which may hold secrets: only
 *   for deciding, never shown; %NULL when unknown
 * @close_code: the close code that ended the last session cleanly, or 0
 * @close_reason: (nullable): the reason the server gave with @close_code
 * @throttle_reason: (nullable): the reason the server gave for pausing
 *   features
 * @throttled_until: when the server lifts the throttle, in microseconds
 *   since the Unix epoch, or 0 when it did not say
 *
 * What a source knows beyond its state, for the words of
 * uplink_describe_status() and uplink_describe_hint(). The strings belong
 * to the source and stay valid until it next changes.
 *
 * Since: 1.0
 */
typedef struct
{
  const char *url;
  guint close_code;
  const char *close_reason;
  const char *throttle_reason;
  gint64 throttled_until;
} UplinkSourceDetails;

UPLINK_AVAILABLE_IN_ALL
G_DECLARE_INTERFACE (UplinkStatusSource, uplink_status_source, UPLINK, STATUS_SOURCE, GObject)

/**
 * UplinkStatusSourceInterface:
 * @get_state: returns the state
 * @get_last_error: returns the last failure, or %NULL
 * @get_throttled_features: returns the paused features
 * @get_next_retry: returns when the next attempt starts, or 0
 * @get_attempt: returns how many attempts failed in a row
 * @get_latency: returns the last round trip in microseconds, or -1
 * @get_history: returns the history of states
 * @get_running: returns whether the source is watching its connection
 * @reconnect: (nullable): makes a new attempt at once; %NULL when the
 *   source cannot
 * @pause: (nullable): stops watching; %NULL when the source cannot
 * @resume: (nullable): watches again after @pause; %NULL when the source
 *   cannot
 * @get_details: (nullable): fills in what the server said when it last
 *   closed the session or paused features, and the redacted address;
 *   %NULL when the source does not know
 *
 * The virtual methods of a status source.
 *
 * The getters are required; @reconnect, @pause, @resume and @get_details
 * are optional, and widgets hide the controls of those a source lacks.
 *
 * Since: 1.0
 */
struct _UplinkStatusSourceInterface
{
  GTypeInterface parent_iface;

  UplinkState          (*get_state)              (UplinkStatusSource *self);
  const GError        *(*get_last_error)         (UplinkStatusSource *self);
  const char * const  *(*get_throttled_features) (UplinkStatusSource *self);
  gint64               (*get_next_retry)         (UplinkStatusSource *self);
  guint                (*get_attempt)            (UplinkStatusSource *self);
  gint64               (*get_latency)            (UplinkStatusSource *self);
  UplinkHistory       *(*get_history)            (UplinkStatusSource *self);
  gboolean             (*get_running)            (UplinkStatusSource *self);

  void                 (*reconnect)              (UplinkStatusSource *self);
  void                 (*pause)                  (UplinkStatusSource *self);
  void                 (*resume)                 (UplinkStatusSource *self);

  void                 (*get_details)            (UplinkStatusSource  *self,
                                                  UplinkSourceDetails *details);
};

UPLINK_AVAILABLE_IN_ALL
UplinkState         uplink_status_source_get_state              (UplinkStatusSource *self);
UPLINK_AVAILABLE_IN_ALL
const char         *uplink_status_source_get_status             (UplinkStatusSource *self);
UPLINK_AVAILABLE_IN_ALL
const GError       *uplink_status_source_get_last_error         (UplinkStatusSource *self);
UPLINK_AVAILABLE_IN_ALL
const char * const *uplink_status_source_get_throttled_features (UplinkStatusSource *self);
UPLINK_AVAILABLE_IN_ALL
gint64              uplink_status_source_get_next_retry         (UplinkStatusSource *self);
UPLINK_AVAILABLE_IN_ALL
guint               uplink_status_source_get_attempt            (UplinkStatusSource *self);
UPLINK_AVAILABLE_IN_ALL
gint64              uplink_status_source_get_latency            (UplinkStatusSource *self);
UPLINK_AVAILABLE_IN_ALL
UplinkHistory      *uplink_status_source_get_history            (UplinkStatusSource *self);
UPLINK_AVAILABLE_IN_ALL
gboolean            uplink_status_source_get_running            (UplinkStatusSource *self);

UPLINK_AVAILABLE_IN_ALL
gboolean            uplink_status_source_can_reconnect          (UplinkStatusSource *self);
UPLINK_AVAILABLE_IN_ALL
void                uplink_status_source_reconnect              (UplinkStatusSource *self);
UPLINK_AVAILABLE_IN_ALL
gboolean            uplink_status_source_can_pause              (UplinkStatusSource *self);
UPLINK_AVAILABLE_IN_ALL
void                uplink_status_source_pause                  (UplinkStatusSource *self);
UPLINK_AVAILABLE_IN_ALL
void                uplink_status_source_resume                 (UplinkStatusSource *self);
UPLINK_AVAILABLE_IN_ALL
void                uplink_status_source_get_details            (UplinkStatusSource  *self,
                                                                 UplinkSourceDetails *details);

G_END_DECLS
