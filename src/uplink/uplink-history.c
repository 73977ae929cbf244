/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include "uplink-history.h"

/**
 * UplinkHistory:
 *
 * A bounded record of a connection's transitions.
 *
 * Each entry holds the state entered and when, on the monotonic clock
 * (for durations: it does not jump with the wall clock) and on the wall
 * clock (for showing the time of day). An entry lasts until the next one;
 * the newest lasts until now. When the history is full, the oldest entry
 * makes way for the new one.
 *
 * Every [class@Connection] keeps one, reachable with
 * [method@Connection.get_history]; it records each transition before
 * [signal@GObject.Object::notify] for [property@Connection:state] is
 * emitted. Times before the first entry are unknown and count towards
 * no state.
 *
 * Since: 1.0
 */

typedef struct
{
  UplinkState state;
  gint64 monotonic_time;
  gint64 wall_time;
} Entry;

struct _UplinkHistory
{
  GObject parent_instance;

  Entry *entries;
  guint capacity;
  guint head;
  guint length;
};

G_DEFINE_FINAL_TYPE (UplinkHistory, uplink_history, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CAPACITY,
  PROP_N_ENTRIES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const Entry *
entry_at (UplinkHistory *self,
          guint          index)
{
  return &self->entries[(self->head + index) % self->capacity];
}

static gboolean
state_is_up (UplinkState state)
{
  return state == UPLINK_STATE_CONNECTED || state == UPLINK_STATE_FEATURE_THROTTLED;
}

static void
uplink_history_constructed (GObject *object)
{
  UplinkHistory *self = UPLINK_HISTORY (object);

  G_OBJECT_CLASS (uplink_history_parent_class)->constructed (object);

  self->entries = g_new0 (Entry, self->capacity);
}

static void
uplink_history_finalize (GObject *object)
{
  UplinkHistory *self = UPLINK_HISTORY (object);

  g_free (self->entries);

  G_OBJECT_CLASS (uplink_history_parent_class)->finalize (object);
}

static void
uplink_history_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  UplinkHistory *self = UPLINK_HISTORY (object);

  switch (prop_id)
    {
    case PROP_CAPACITY:
      g_value_set_uint (value, self->capacity);
      break;
    case PROP_N_ENTRIES:
      g_value_set_uint (value, self->length);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
uplink_history_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  UplinkHistory *self = UPLINK_HISTORY (object);

  switch (prop_id)
    {
    case PROP_CAPACITY:
      self->capacity = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
uplink_history_class_init (UplinkHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = uplink_history_constructed;
  object_class->finalize = uplink_history_finalize;
  object_class->get_property = uplink_history_get_property;
  object_class->set_property = uplink_history_set_property;

  /**
   * UplinkHistory:capacity:
   *
   * How many entries the history keeps; the oldest go first.
   *
   * Since: 1.0
   */
  properties[PROP_CAPACITY] =
    g_param_spec_uint ("capacity", NULL, NULL,
                       1, G_MAXUINT16, UPLINK_HISTORY_DEFAULT_CAPACITY,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkHistory:n-entries:
   *
   * How many entries the history holds now.
   *
   * Since: 1.0
   */
  properties[PROP_N_ENTRIES] =
    g_param_spec_uint ("n-entries", NULL, NULL,
                       0, G_MAXUINT16, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * UplinkHistory::changed:
   * @self: the history
   *
   * Emitted after an entry was added or the history was cleared.
   *
   * Since: 1.0
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
uplink_history_init (UplinkHistory *self)
{
  self->capacity = UPLINK_HISTORY_DEFAULT_CAPACITY;
}

/**
 * uplink_history_new:
 * @capacity: how many entries to keep, at least 1
 *
 * Creates an empty history.
 *
 * Returns: (transfer full): a new history
 *
 * Since: 1.0
 */
UplinkHistory *
uplink_history_new (guint capacity)
{
  g_return_val_if_fail (capacity > 0 && capacity <= G_MAXUINT16, NULL);

  return g_object_new (UPLINK_TYPE_HISTORY, "capacity", capacity, NULL);
}

/**
 * uplink_history_get_capacity:
 * @self: a history
 *
 * Gets how many entries @self keeps.
 *
 * Returns: the capacity
 *
 * Since: 1.0
 */
guint
uplink_history_get_capacity (UplinkHistory *self)
{
  g_return_val_if_fail (UPLINK_IS_HISTORY (self), 0);

  return self->capacity;
}

/**
 * uplink_history_get_n_entries:
 * @self: a history
 *
 * Gets how many entries @self holds.
 *
 * Returns: the number of entries
 *
 * Since: 1.0
 */
guint
uplink_history_get_n_entries (UplinkHistory *self)
{
  g_return_val_if_fail (UPLINK_IS_HISTORY (self), 0);

  return self->length;
}

/**
 * uplink_history_get_entry:
 * @self: a history
 * @index: the entry's position, 0 for the oldest
 * @state: (out) (optional): the state entered
 * @monotonic_time: (out) (optional): when, in g_get_monotonic_time() µs
 * @wall_time: (out) (optional): when, in g_get_real_time() µs
 *
 * Reads one entry.
 *
 * Returns: %TRUE if @index names an entry
 *
 * Since: 1.0
 */
gboolean
uplink_history_get_entry (UplinkHistory *self,
                          guint          index,
                          UplinkState   *state,
                          gint64        *monotonic_time,
                          gint64        *wall_time)
{
  const Entry *entry;

  g_return_val_if_fail (UPLINK_IS_HISTORY (self), FALSE);

  if (index >= self->length)
    return FALSE;

  entry = entry_at (self, index);
  if (state != NULL)
    *state = entry->state;
  if (monotonic_time != NULL)
    *monotonic_time = entry->monotonic_time;
  if (wall_time != NULL)
    *wall_time = entry->wall_time;

  return TRUE;
}

/**
 * uplink_history_get_latest:
 * @self: a history
 * @state: (out) (optional): the state entered last
 * @monotonic_time: (out) (optional): when, in g_get_monotonic_time() µs
 * @wall_time: (out) (optional): when, in g_get_real_time() µs
 *
 * Reads the newest entry: the current state and since when.
 *
 * Returns: %TRUE if the history holds an entry
 *
 * Since: 1.0
 */
gboolean
uplink_history_get_latest (UplinkHistory *self,
                           UplinkState   *state,
                           gint64        *monotonic_time,
                           gint64        *wall_time)
{
  g_return_val_if_fail (UPLINK_IS_HISTORY (self), FALSE);

  return self->length > 0 &&
         uplink_history_get_entry (self, self->length - 1, state, monotonic_time, wall_time);
}

/**
 * uplink_history_get_outage_start:
 * @self: a history
 * @monotonic_time: (out) (optional): when the outage began, in
 *   g_get_monotonic_time() µs
 * @wall_time: (out) (optional): the same, in g_get_real_time() µs
 *
 * Finds where the current outage began: an outage runs from the first
 * loss (or the first attempt, for a server never reached) to the next
 * session, across every failed retry in between, so its start does not
 * move at each attempt.
 *
 * Returns: %TRUE if the newest entry is an outage (connecting or
 *   disconnected), %FALSE when the connection is up or nothing is recorded
 *
 * Since: 1.0
 */
gboolean
uplink_history_get_outage_start (UplinkHistory *self,
                                 gint64        *monotonic_time,
                                 gint64        *wall_time)
{
  guint first;

  g_return_val_if_fail (UPLINK_IS_HISTORY (self), FALSE);

  if (self->length == 0 || state_is_up (entry_at (self, self->length - 1)->state))
    return FALSE;

  first = self->length - 1;
  while (first > 0 && !state_is_up (entry_at (self, first - 1)->state))
    first--;

  return uplink_history_get_entry (self, first, NULL, monotonic_time, wall_time);
}

/**
 * uplink_history_add:
 * @self: a history
 * @state: the state entered
 * @monotonic_time: when, in g_get_monotonic_time() µs; not before the newest entry
 * @wall_time: when, in g_get_real_time() µs
 *
 * Records a transition. Connections do this themselves; call it to
 * script a history, say for a test or a preview.
 *
 * Since: 1.0
 */
void
uplink_history_add (UplinkHistory *self,
                    UplinkState    state,
                    gint64         monotonic_time,
                    gint64         wall_time)
{
  Entry *entry;

  g_return_if_fail (UPLINK_IS_HISTORY (self));
  g_return_if_fail (state >= UPLINK_STATE_DISCONNECTED && state <= UPLINK_STATE_FEATURE_THROTTLED);
  g_return_if_fail (self->length == 0 ||
                    monotonic_time >= entry_at (self, self->length - 1)->monotonic_time);

  if (self->length == self->capacity)
    {
      self->head = (self->head + 1) % self->capacity;
      self->length--;
    }

  entry = &self->entries[(self->head + self->length) % self->capacity];
  entry->state = state;
  entry->monotonic_time = monotonic_time;
  entry->wall_time = wall_time;
  self->length++;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ENTRIES]);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/**
 * uplink_history_clear:
 * @self: a history
 *
 * Forgets every entry.
 *
 * Since: 1.0
 */
void
uplink_history_clear (UplinkHistory *self)
{
  g_return_if_fail (UPLINK_IS_HISTORY (self));

  if (self->length == 0)
    return;

  self->head = 0;
  self->length = 0;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ENTRIES]);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/**
 * uplink_history_get_state_at:
 * @self: a history
 * @monotonic_time: a time, in g_get_monotonic_time() µs
 *
 * Finds the state the connection was in at @monotonic_time. Before the
 * first entry, a connection had not started: disconnected.
 *
 * Returns: the state at that time
 *
 * Since: 1.0
 */
UplinkState
uplink_history_get_state_at (UplinkHistory *self,
                             gint64         monotonic_time)
{
  guint low = 0;
  guint high;

  g_return_val_if_fail (UPLINK_IS_HISTORY (self), UPLINK_STATE_DISCONNECTED);

  /* The last entry that starts at or before the time. */
  high = self->length;
  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (entry_at (self, middle)->monotonic_time <= monotonic_time)
        low = middle + 1;
      else
        high = middle;
    }

  return low == 0 ? UPLINK_STATE_DISCONNECTED : entry_at (self, low - 1)->state;
}

/* Adds up how long each entry overlaps [from, to), for the entries whose
 * state @wanted accepts. */
static gint64
sum_overlap (UplinkHistory *self,
             gboolean     (*wanted) (UplinkState state, gpointer data),
             gpointer       data,
             gint64         from,
             gint64         to)
{
  gint64 total = 0;

  for (guint i = 0; i < self->length; i++)
    {
      const Entry *entry = entry_at (self, i);
      gint64 start = MAX (entry->monotonic_time, from);
      gint64 end = i + 1 < self->length ? entry_at (self, i + 1)->monotonic_time : to;

      end = MIN (end, to);
      if (end > start && wanted (entry->state, data))
        total += end - start;
    }

  return total;
}

static gboolean
state_is (UplinkState state,
          gpointer    data)
{
  return state == (UplinkState) GPOINTER_TO_INT (data);
}

static gboolean
any_state (UplinkState state,
           gpointer    data)
{
  return TRUE;
}

static gboolean
is_up (UplinkState state,
       gpointer    data)
{
  return state_is_up (state);
}

/**
 * uplink_history_get_time_in_state:
 * @self: a history
 * @state: a state
 * @from: start of the window, in g_get_monotonic_time() µs
 * @to: end of the window, usually now
 *
 * Measures how long the connection spent in @state between @from and @to.
 *
 * Returns: the time in µs
 *
 * Since: 1.0
 */
gint64
uplink_history_get_time_in_state (UplinkHistory *self,
                                  UplinkState    state,
                                  gint64         from,
                                  gint64         to)
{
  g_return_val_if_fail (UPLINK_IS_HISTORY (self), 0);

  return sum_overlap (self, state_is, GINT_TO_POINTER (state), from, to);
}

/**
 * uplink_history_get_uptime_ratio:
 * @self: a history
 * @from: start of the window, in g_get_monotonic_time() µs
 * @to: end of the window, usually now
 *
 * Measures the share of the window in which the connection was up:
 * connected or connected with some features throttled. Only the part of
 * the window the history covers counts.
 *
 * Returns: a ratio from 0 to 1; 0 when the history does not cover the window
 *
 * Since: 1.0
 */
double
uplink_history_get_uptime_ratio (UplinkHistory *self,
                                 gint64         from,
                                 gint64         to)
{
  gint64 known;

  g_return_val_if_fail (UPLINK_IS_HISTORY (self), 0.0);

  known = sum_overlap (self, any_state, NULL, from, to);
  if (known == 0)
    return 0.0;

  return (double) sum_overlap (self, is_up, NULL, from, to) / known;
}

/**
 * uplink_history_count_drops:
 * @self: a history
 * @from: start of the window, in g_get_monotonic_time() µs
 * @to: end of the window, usually now
 *
 * Counts the connections lost between @from and @to: moves from up
 * (connected or throttled) to disconnected.
 *
 * Returns: the number of drops
 *
 * Since: 1.0
 */
guint
uplink_history_count_drops (UplinkHistory *self,
                            gint64         from,
                            gint64         to)
{
  guint drops = 0;

  g_return_val_if_fail (UPLINK_IS_HISTORY (self), 0);

  for (guint i = 1; i < self->length; i++)
    {
      const Entry *entry = entry_at (self, i);

      if (entry->monotonic_time >= from && entry->monotonic_time < to &&
          entry->state == UPLINK_STATE_DISCONNECTED &&
          state_is_up (entry_at (self, i - 1)->state))
        drops++;
    }

  return drops;
}
