/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib-object.h>

#include "uplink-connection-listener.h"
#include "uplink-history.h"
#include "uplink-state.h"
#include "uplink-status-source.h"

G_BEGIN_DECLS

/*
 * How a status source tells the world about a change: the history, the
 * property notifications, the signal, then the listeners by id. Shared by
 * UplinkConnection and UplinkStatusModel so that both keep the same order
 * and the same rules for callbacks that add, remove or raise events.
 */

/* The order of a source's signals, which both types share. */
typedef enum {
  UPLINK_DISPATCH_SIGNAL_CONNECTED,
  UPLINK_DISPATCH_SIGNAL_CONNECTING,
  UPLINK_DISPATCH_SIGNAL_DISCONNECTED,
  UPLINK_DISPATCH_SIGNAL_FEATURE_THROTTLED,
  UPLINK_DISPATCH_SIGNAL_CONNECTION_ERROR,
  UPLINK_DISPATCH_N_SIGNALS
} UplinkDispatchSignal;

typedef struct
{
  UplinkStatusSource *owner;     /* not owned: the dispatch lives in it */
  UplinkHistory *history;        /* not owned */
  GParamSpec *state_pspec;
  GParamSpec *status_pspec;
  const guint *signals;          /* UPLINK_DISPATCH_N_SIGNALS ids */

  GPtrArray *listeners;
  GQueue events;
  gboolean dispatching;
} UplinkDispatch;

void      uplink_dispatch_new_signals     (GType                     type,
                                           guint                    *signals);
void      uplink_dispatch_init            (UplinkDispatch           *self,
                                           UplinkStatusSource       *owner,
                                           UplinkHistory            *history,
                                           GParamSpec               *state_pspec,
                                           GParamSpec               *status_pspec,
                                           const guint              *signals);
void      uplink_dispatch_clear           (UplinkDispatch           *self);
void      uplink_dispatch_add_listener    (UplinkDispatch           *self,
                                           const char               *id,
                                           UplinkConnectionListener *listener);
gboolean  uplink_dispatch_remove_listener (UplinkDispatch           *self,
                                           const char               *id);
void      uplink_dispatch_state           (UplinkDispatch           *self,
                                           UplinkState               state,
                                           const char * const       *features);
void      uplink_dispatch_error           (UplinkDispatch           *self,
                                           const GError             *error);

G_END_DECLS
