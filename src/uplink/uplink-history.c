/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include "uplink-history.h"
#include "uplink-history-private.h"

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
 * From the entries it keeps outages: from the first loss to the next
 * session, with the error that caused it; and pauses, when the user
 * stopped monitoring, which are not outages. See
 * [method@History.get_outage].
 *
 * Since: 1.0
 */

typedef struct
{
  UplinkState state;
  gboolean paused;
  gint64 monotonic_time;
  gint64 wall_time;
} Entry;

/* An outage, or a pause when @paused: the entries from the first one that
 * is down (or paused) to the next that is not; @end_monotonic is 0 while
 * it lasts. */
typedef struct
{
  gint64 start_monotonic;
  gint64 start_wall;
  gint64 end_monotonic;
  gint64 end_wall;
  gboolean paused;
  char *cause;
} Outage;

struct _UplinkHistory
{
  GObject parent_instance;

  Entry *entries;
  guint capacity;
  guint head;
  guint length;

  GArray *outages;  /* of Outage, oldest first, at most capacity */
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
outage_clear (gpointer data)
{
  Outage *outage = data;

  g_free (outage->cause);
}

static Outage *
open_outage (UplinkHistory *self)
{
  Outage *last;

  if (self->outages->len == 0)
    return NULL;

  last = &g_array_index (self->outages, Outage, self->outages->len - 1);
  return last->end_monotonic == 0 ? last : NULL;
}

static void
uplink_history_constructed (GObject *object)
{
  UplinkHistory *self = UPLINK_HISTORY (object);

  G_OBJECT_CLASS (uplink_history_parent_class)->constructed (object);

  self->entries = g_new0 (Entry, self->capacity);
  self->outages = g_array_new (FALSE, FALSE, sizeof (Outage));
  g_array_set_clear_func (self->outages, outage_clear);
}

static void
uplink_history_finalize (GObject *object)
{
  UplinkHistory *self = UPLINK_HISTORY (object);

  g_free (self->entries);
  g_array_unref (self->outages);

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
 * move at each attempt. A pause is not an outage: one that follows a
 * pause begins when monitoring resumed.
 *
 * Returns: %TRUE if the connection is in an outage (connecting or
 *   disconnected, not paused), %FALSE when it is up, paused or nothing is
 *   recorded
 *
 * Since: 1.0
 */
gboolean
uplink_history_get_outage_start (UplinkHistory *self,
                                 gint64        *monotonic_time,
                                 gint64        *wall_time)
{
  const Outage *outage;

  g_return_val_if_fail (UPLINK_IS_HISTORY (self), FALSE);

  outage = open_outage (self);
  if (outage == NULL || outage->paused)
    return FALSE;

  if (monotonic_time != NULL)
    *monotonic_time = outage->start_monotonic;
  if (wall_time != NULL)
    *wall_time = outage->start_wall;
  return TRUE;
}

/**
 * uplink_history_get_n_outages:
 * @self: a history
 *
 * Counts the outages and pauses @self remembers, the current one
 * included; see [method@History.get_outage]. It keeps as many as its
 * [property@History:capacity], the oldest going first.
 *
 * Returns: the number of outages and pauses
 *
 * Since: 1.0
 */
guint
uplink_history_get_n_outages (UplinkHistory *self)
{
  g_return_val_if_fail (UPLINK_IS_HISTORY (self), 0);

  return self->outages->len;
}

/**
 * uplink_history_get_outage:
 * @self: a history
 * @index: the outage's position, 0 for the oldest
 * @start_monotonic: (out) (optional): when it began, in g_get_monotonic_time() µs
 * @start_wall: (out) (optional): the same, in g_get_real_time() µs
 * @end_monotonic: (out) (optional): when it ended (the next session, or
 *   monitoring resumed), in g_get_monotonic_time() µs; 0 while it lasts
 * @end_wall: (out) (optional): the same, in g_get_real_time() µs; 0 while
 *   it lasts
 * @paused: (out) (optional): %TRUE for a pause by the user rather than an
 *   outage
 * @cause: (out) (optional) (transfer none) (nullable): why the connection
 *   was lost: the message of the first error of the outage, already
 *   redacted; %NULL for a pause or when no error was told
 *
 * Reads one outage: a stretch from the first loss (or the first attempt)
 * to the next established session, across every failed retry, or a
 * stretch in which the user paused monitoring. A pause interrupts an
 * outage: the outage ends where the pause begins.
 *
 * Returns: %TRUE if @index names an outage
 *
 * Since: 1.0
 */
gboolean
uplink_history_get_outage (UplinkHistory  *self,
                           guint           index,
                           gint64         *start_monotonic,
                           gint64         *start_wall,
                           gint64         *end_monotonic,
                           gint64         *end_wall,
                           gboolean       *paused,
                           const char    **cause)
{
  const Outage *outage;

  g_return_val_if_fail (UPLINK_IS_HISTORY (self), FALSE);

  if (index >= self->outages->len)
    return FALSE;

  outage = &g_array_index (self->outages, Outage, index);
  if (start_monotonic != NULL)
    *start_monotonic = outage->start_monotonic;
  if (start_wall != NULL)
    *start_wall = outage->start_wall;
  if (end_monotonic != NULL)
    *end_monotonic = outage->end_monotonic;
  if (end_wall != NULL)
    *end_wall = outage->end_wall;
  if (paused != NULL)
    *paused = outage->paused;
  if (cause != NULL)
    *cause = outage->cause;
  return TRUE;
}

/**
 * uplink_history_get_entry_paused:
 * @self: a history
 * @index: the entry's position, 0 for the oldest
 *
 * Tells whether monitoring was paused by the user in this entry: a
 * disconnected entry that is a pause, not an outage.
 *
 * Returns: %TRUE if @index names a paused entry
 *
 * Since: 1.0
 */
gboolean
uplink_history_get_entry_paused (UplinkHistory *self,
                                 guint          index)
{
  g_return_val_if_fail (UPLINK_IS_HISTORY (self), FALSE);

  return index < self->length && entry_at (self, index)->paused;
}

/* Ends the open outage or pause when the new entry is not of its kind,
 * and opens one when the new entry is down or paused; an outage takes
 * the first cause told in it. */
static void
record_outage (UplinkHistory *self,
               const Entry   *entry,
               const char    *cause)
{
  Outage *outage = open_outage (self);
  gboolean down = entry->paused || !state_is_up (entry->state);

  if (outage != NULL && (!down || outage->paused != entry->paused))
    {
      outage->end_monotonic = MAX (entry->monotonic_time, outage->start_monotonic + 1);
      outage->end_wall = entry->wall_time;
      outage = NULL;
    }

  if (!down)
    return;

  if (outage == NULL)
    {
      Outage fresh = {
        .start_monotonic = entry->monotonic_time,
        .start_wall = entry->wall_time,
        .paused = entry->paused,
      };

      if (self->outages->len == self->capacity)
        g_array_remove_index (self->outages, 0);
      g_array_append_val (self->outages, fresh);
      outage = open_outage (self);
    }

  if (!outage->paused && outage->cause == NULL)
    outage->cause = g_strdup (cause);
}

/*
 * uplink_history_add:
 * @self: a history
 * @state: the state entered
 * @monotonic_time: when, in g_get_monotonic_time() µs; not before the newest entry
 * @wall_time: when, in g_get_real_time() µs
 *
 * Records a transition, not paused and without a cause; see
 * uplink_history_add_full(). Private: a history is written by its
 * connection or status model alone, and by tests.
 */
void
uplink_history_add (UplinkHistory *self,
                    UplinkState    state,
                    gint64         monotonic_time,
                    gint64         wall_time)
{
  uplink_history_add_full (self, state, monotonic_time, wall_time, FALSE, NULL);
}

/*
 * uplink_history_add_full:
 * @self: a history
 * @state: the state entered
 * @monotonic_time: when, in g_get_monotonic_time() µs; not before the newest entry
 * @wall_time: when, in g_get_real_time() µs
 * @paused: whether the user paused monitoring; only a disconnected
 *   state can be paused
 * @cause: (nullable): why the connection is down: an error's message,
 *   shown to people as it is, so without secrets
 *
 * Records a transition with what uplink_history_get_outage() tells:
 * whether it is a pause, and the cause of an outage.
 */
void
uplink_history_add_full (UplinkHistory *self,
                         UplinkState    state,
                         gint64         monotonic_time,
                         gint64         wall_time,
                         gboolean       paused,
                         const char    *cause)
{
  Entry *entry;

  g_return_if_fail (UPLINK_IS_HISTORY (self));
  g_return_if_fail (state >= UPLINK_STATE_DISCONNECTED && state <= UPLINK_STATE_FEATURE_THROTTLED);
  g_return_if_fail (!paused || state == UPLINK_STATE_DISCONNECTED);
  g_return_if_fail (self->length == 0 ||
                    monotonic_time >= entry_at (self, self->length - 1)->monotonic_time);

  if (self->length == self->capacity)
    {
      self->head = (self->head + 1) % self->capacity;
      self->length--;
    }

  entry = &self->entries[(self->head + self->length) % self->capacity];
  entry->state = state;
  entry->paused = !!paused;
  entry->monotonic_time = monotonic_time;
  entry->wall_time = wall_time;
  self->length++;
  record_outage (self, entry, cause);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ENTRIES]);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/*
 * uplink_history_clear:
 * @self: a history
 *
 * Forgets every entry.
 */
void
uplink_history_clear (UplinkHistory *self)
{
  g_return_if_fail (UPLINK_IS_HISTORY (self));

  if (self->length == 0)
    return;

  self->head = 0;
  self->length = 0;
  g_array_set_size (self->outages, 0);

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
             gboolean     (*wanted) (const Entry *entry, gpointer data),
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
      if (end > start && wanted (entry, data))
        total += end - start;
    }

  return total;
}

static gboolean
state_is (const Entry *entry,
          gpointer     data)
{
  return entry->state == (UplinkState) GPOINTER_TO_INT (data);
}

static gboolean
not_paused (const Entry *entry,
            gpointer     data)
{
  return !entry->paused;
}

static gboolean
is_up (const Entry *entry,
       gpointer     data)
{
  return state_is_up (entry->state);
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
 * the window the history covers counts, and time paused by the user does
 * not count.
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

  known = sum_overlap (self, not_paused, NULL, from, to);
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
 * (connected or throttled) to disconnected; a pause is not a drop.
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
          entry->state == UPLINK_STATE_DISCONNECTED && !entry->paused &&
          state_is_up (entry_at (self, i - 1)->state))
        drops++;
    }

  return drops;
}
