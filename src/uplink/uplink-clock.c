/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include "uplink-clock.h"

/**
 * UplinkClock:
 *
 * The one clock behind every countdown and "since" on screen.
 *
 * A retry countdown ("Reconnecting in 4 s") or a duration ("for
 * 12 seconds") changes with time alone, which no property announces.
 * Whatever shows one — the status popover, a window, a tray icon's
 * tooltip — holds the default clock while it is seen and redraws on
 * [signal@Clock::tick], so that one timer wakes the process once a second
 * for all of them, and none while nobody looks.
 *
 * The clock runs on the main context of the thread that first asked for
 * it; it needs GLib only, so a process without GTK uses it too.
 *
 * Since: 1.0
 */

struct _UplinkClock
{
  GObject parent_instance;

  guint holds;
  guint tick_source;
};

G_DEFINE_FINAL_TYPE (UplinkClock, uplink_clock, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_TICK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
on_tick (gpointer user_data)
{
  g_signal_emit (UPLINK_CLOCK (user_data), signals[SIGNAL_TICK], 0);

  return G_SOURCE_CONTINUE;
}

static void
uplink_clock_dispose (GObject *object)
{
  UplinkClock *self = UPLINK_CLOCK (object);

  g_clear_handle_id (&self->tick_source, g_source_remove);

  G_OBJECT_CLASS (uplink_clock_parent_class)->dispose (object);
}

static void
uplink_clock_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  UplinkClock *self = UPLINK_CLOCK (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, uplink_clock_get_running (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
uplink_clock_class_init (UplinkClockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = uplink_clock_dispose;
  object_class->get_property = uplink_clock_get_property;

  /**
   * UplinkClock:running:
   *
   * Whether the clock ticks: someone holds it.
   *
   * Since: 1.0
   */
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * UplinkClock::tick:
   * @self: the clock
   *
   * Emitted once a second while the clock is held: time to redraw
   * countdowns and durations.
   *
   * Since: 1.0
   */
  signals[SIGNAL_TICK] =
    g_signal_new ("tick",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
uplink_clock_init (UplinkClock *self)
{
}

/**
 * uplink_clock_get_default:
 *
 * Gets the clock that everything in this process shares.
 *
 * Returns: (transfer none): the default clock
 *
 * Since: 1.0
 */
UplinkClock *
uplink_clock_get_default (void)
{
  static UplinkClock *clock;

  if (g_once_init_enter (&clock))
    g_once_init_leave (&clock, g_object_new (UPLINK_TYPE_CLOCK, NULL));

  return clock;
}

/**
 * uplink_clock_hold:
 * @self: a clock
 *
 * Makes @self tick once a second until a matching
 * [method@Clock.release]: call it when a countdown comes into view.
 *
 * Since: 1.0
 */
void
uplink_clock_hold (UplinkClock *self)
{
  g_return_if_fail (UPLINK_IS_CLOCK (self));

  if (self->holds++ > 0)
    return;

  /* Whole seconds, which GLib lines up with the process's other
   * second timers: one wake-up for all of them. */
  self->tick_source = g_timeout_add_seconds (1, on_tick, self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/**
 * uplink_clock_release:
 * @self: a clock
 *
 * Undoes one [method@Clock.hold]: once nobody holds @self, it stops.
 *
 * Since: 1.0
 */
void
uplink_clock_release (UplinkClock *self)
{
  g_return_if_fail (UPLINK_IS_CLOCK (self));
  g_return_if_fail (self->holds > 0);

  if (--self->holds > 0)
    return;

  g_clear_handle_id (&self->tick_source, g_source_remove);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/**
 * uplink_clock_get_running:
 * @self: a clock
 *
 * Gets whether @self ticks.
 *
 * Returns: whether someone holds @self, so that it ticks
 *
 * Since: 1.0
 */
gboolean
uplink_clock_get_running (UplinkClock *self)
{
  g_return_val_if_fail (UPLINK_IS_CLOCK (self), FALSE);

  return self->holds > 0;
}
