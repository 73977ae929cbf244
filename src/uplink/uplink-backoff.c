/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include "uplink-backoff.h"
#include "uplink-defaults-private.h"

/**
 * UplinkBackoff:
 *
 * Spaces out reconnection attempts: exponential back-off with full jitter.
 *
 * The n-th delay after a reset, counting from 0, is drawn uniformly from
 * 0 to the ceiling `min (maximum, initial × 2ⁿ)` milliseconds, both
 * included. The random spread keeps clients that lost their server at the
 * same moment from all coming back at the same moment; without
 * [property@Backoff:jitter], each delay is the ceiling itself.
 *
 * The random numbers come from a [struct@GLib.Rand] with a random seed;
 * [method@Backoff.set_seed] makes the delays reproducible.
 *
 * Since: 1.0
 */
struct _UplinkBackoff
{
  GObject parent_instance;

  GRand *rand;
  guint initial;
  guint maximum;
  guint step;
  gboolean jitter;
};

G_DEFINE_FINAL_TYPE (UplinkBackoff, uplink_backoff, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INITIAL,
  PROP_MAXIMUM,
  PROP_JITTER,
  PROP_STEP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* g_rand_int_range() takes gint32 bounds, too narrow for a guint ceiling;
 * drawing again above the largest multiple of the range keeps every
 * value equally likely. */
static guint
draw_up_to (GRand *rand,
            guint  ceiling)
{
  guint64 range = (guint64) ceiling + 1;
  guint64 limit = (G_GUINT64_CONSTANT (1) << 32) / range * range;
  guint32 value;

  do
    value = g_rand_int (rand);
  while (value >= limit);

  return value % range;
}

static void
uplink_backoff_finalize (GObject *object)
{
  UplinkBackoff *self = UPLINK_BACKOFF (object);

  g_clear_pointer (&self->rand, g_rand_free);

  G_OBJECT_CLASS (uplink_backoff_parent_class)->finalize (object);
}

static void
uplink_backoff_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  UplinkBackoff *self = UPLINK_BACKOFF (object);

  switch (prop_id)
    {
    case PROP_INITIAL:
      g_value_set_uint (value, uplink_backoff_get_initial (self));
      break;

    case PROP_MAXIMUM:
      g_value_set_uint (value, uplink_backoff_get_maximum (self));
      break;

    case PROP_JITTER:
      g_value_set_boolean (value, uplink_backoff_get_jitter (self));
      break;

    case PROP_STEP:
      g_value_set_uint (value, uplink_backoff_get_step (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
uplink_backoff_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  UplinkBackoff *self = UPLINK_BACKOFF (object);

  switch (prop_id)
    {
    case PROP_INITIAL:
      uplink_backoff_set_initial (self, g_value_get_uint (value));
      break;

    case PROP_MAXIMUM:
      uplink_backoff_set_maximum (self, g_value_get_uint (value));
      break;

    case PROP_JITTER:
      uplink_backoff_set_jitter (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
uplink_backoff_class_init (UplinkBackoffClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = uplink_backoff_finalize;
  object_class->get_property = uplink_backoff_get_property;
  object_class->set_property = uplink_backoff_set_property;

  /**
   * UplinkBackoff:initial:
   *
   * The ceiling of the first delay after a reset, in milliseconds.
   *
   * Each following delay has twice the ceiling of the one before, up to
   * [property@Backoff:maximum].
   *
   * Since: 1.0
   */
  properties[PROP_INITIAL] =
    g_param_spec_uint ("initial", NULL, NULL,
                       1, G_MAXUINT, UPLINK_DEFAULT_BACKOFF_INITIAL_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkBackoff:maximum:
   *
   * The largest ceiling, in milliseconds: no delay is longer.
   *
   * The cap holds even below [property@Backoff:initial]: then every
   * ceiling, the first one included, is the maximum.
   *
   * Since: 1.0
   */
  properties[PROP_MAXIMUM] =
    g_param_spec_uint ("maximum", NULL, NULL,
                       1, G_MAXUINT, UPLINK_DEFAULT_BACKOFF_MAX_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkBackoff:jitter:
   *
   * Whether each delay is drawn at random up to its ceiling.
   *
   * When `FALSE`, each delay is exactly its ceiling.
   *
   * Since: 1.0
   */
  properties[PROP_JITTER] =
    g_param_spec_boolean ("jitter", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkBackoff:step:
   *
   * How many delays were handed out since the last reset.
   *
   * Since: 1.0
   */
  properties[PROP_STEP] =
    g_param_spec_uint ("step", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
uplink_backoff_init (UplinkBackoff *self)
{
  self->rand = g_rand_new ();
  self->initial = UPLINK_DEFAULT_BACKOFF_INITIAL_MS;
  self->maximum = UPLINK_DEFAULT_BACKOFF_MAX_MS;
  self->jitter = TRUE;
}

/**
 * uplink_backoff_new:
 * @initial_ms: the ceiling of the first delay, in milliseconds, at least 1
 * @max_ms: the largest ceiling, in milliseconds, at least 1
 *
 * Creates a back-off with jitter and a random seed.
 *
 * Returns: (transfer full): a new back-off
 *
 * Since: 1.0
 */
UplinkBackoff *
uplink_backoff_new (guint initial_ms,
                    guint max_ms)
{
  g_return_val_if_fail (initial_ms >= 1, NULL);
  g_return_val_if_fail (max_ms >= 1, NULL);

  return g_object_new (UPLINK_TYPE_BACKOFF,
                       "initial", initial_ms,
                       "maximum", max_ms,
                       NULL);
}

/**
 * uplink_backoff_get_initial:
 * @self: a back-off
 *
 * Gets the ceiling of the first delay after a reset.
 *
 * Returns: milliseconds
 *
 * Since: 1.0
 */
guint
uplink_backoff_get_initial (UplinkBackoff *self)
{
  g_return_val_if_fail (UPLINK_IS_BACKOFF (self), 0);

  return self->initial;
}

/**
 * uplink_backoff_set_initial:
 * @self: a back-off
 * @initial_ms: the ceiling of the first delay, in milliseconds, at least 1
 *
 * Sets the ceiling of the first delay after a reset.
 *
 * Since: 1.0
 */
void
uplink_backoff_set_initial (UplinkBackoff *self,
                            guint          initial_ms)
{
  g_return_if_fail (UPLINK_IS_BACKOFF (self));
  g_return_if_fail (initial_ms >= 1);

  if (self->initial == initial_ms)
    return;

  self->initial = initial_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INITIAL]);
}

/**
 * uplink_backoff_get_maximum:
 * @self: a back-off
 *
 * Gets the largest ceiling.
 *
 * Returns: milliseconds
 *
 * Since: 1.0
 */
guint
uplink_backoff_get_maximum (UplinkBackoff *self)
{
  g_return_val_if_fail (UPLINK_IS_BACKOFF (self), 0);

  return self->maximum;
}

/**
 * uplink_backoff_set_maximum:
 * @self: a back-off
 * @max_ms: the largest ceiling, in milliseconds, at least 1
 *
 * Sets the largest ceiling.
 *
 * A maximum below [property@Backoff:initial] still caps every ceiling.
 *
 * Since: 1.0
 */
void
uplink_backoff_set_maximum (UplinkBackoff *self,
                            guint          max_ms)
{
  g_return_if_fail (UPLINK_IS_BACKOFF (self));
  g_return_if_fail (max_ms >= 1);

  if (self->maximum == max_ms)
    return;

  self->maximum = max_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAXIMUM]);
}

/**
 * uplink_backoff_get_jitter:
 * @self: a back-off
 *
 * Gets whether delays are drawn at random up to their ceiling.
 *
 * Returns: `TRUE` if delays are random
 *
 * Since: 1.0
 */
gboolean
uplink_backoff_get_jitter (UplinkBackoff *self)
{
  g_return_val_if_fail (UPLINK_IS_BACKOFF (self), FALSE);

  return self->jitter;
}

/**
 * uplink_backoff_set_jitter:
 * @self: a back-off
 * @jitter: whether delays are drawn at random up to their ceiling
 *
 * Sets whether delays are drawn at random up to their ceiling.
 *
 * Since: 1.0
 */
void
uplink_backoff_set_jitter (UplinkBackoff *self,
                           gboolean       jitter)
{
  g_return_if_fail (UPLINK_IS_BACKOFF (self));

  jitter = !!jitter;
  if (self->jitter == jitter)
    return;

  self->jitter = jitter;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JITTER]);
}

/**
 * uplink_backoff_get_step:
 * @self: a back-off
 *
 * Gets how many delays were handed out since the last reset.
 *
 * Returns: the step of the next delay
 *
 * Since: 1.0
 */
guint
uplink_backoff_get_step (UplinkBackoff *self)
{
  g_return_val_if_fail (UPLINK_IS_BACKOFF (self), 0);

  return self->step;
}

/**
 * uplink_backoff_set_seed:
 * @self: a back-off
 * @seed: a seed for the random numbers
 *
 * Restarts the random numbers from @seed.
 *
 * Two back-offs with the same settings, seeded alike at the same step,
 * hand out the same delays. The step is left as it is; call
 * [method@Backoff.reset] too to replay a sequence from its start.
 *
 * Since: 1.0
 */
void
uplink_backoff_set_seed (UplinkBackoff *self,
                         guint32        seed)
{
  g_return_if_fail (UPLINK_IS_BACKOFF (self));

  g_rand_set_seed (self->rand, seed);
}

/**
 * uplink_backoff_get_ceiling:
 * @self: a back-off
 *
 * Gets the longest delay that [method@Backoff.next_delay] can return next.
 *
 * Returns: milliseconds
 *
 * Since: 1.0
 */
guint
uplink_backoff_get_ceiling (UplinkBackoff *self)
{
  g_return_val_if_fail (UPLINK_IS_BACKOFF (self), 0);

  /* initial << step overflows exactly when initial > G_MAXUINT >> step,
   * so comparing with maximum >> step saturates before it can. */
  if (self->step >= sizeof (guint) * 8 || self->initial > self->maximum >> self->step)
    return self->maximum;

  return self->initial << self->step;
}

/**
 * uplink_backoff_next_delay:
 * @self: a back-off
 *
 * Gets the delay before the next attempt, and advances the step.
 *
 * Returns: milliseconds, from 0 to [method@Backoff.get_ceiling] as it was
 *   before the call
 *
 * Since: 1.0
 */
guint
uplink_backoff_next_delay (UplinkBackoff *self)
{
  guint ceiling;
  guint delay;

  g_return_val_if_fail (UPLINK_IS_BACKOFF (self), 0);

  ceiling = uplink_backoff_get_ceiling (self);
  delay = self->jitter ? draw_up_to (self->rand, ceiling) : ceiling;

  /* Wrapping around would bring the shortest delays back. */
  if (self->step < G_MAXUINT)
    {
      self->step++;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
    }

  return delay;
}

/**
 * uplink_backoff_reset:
 * @self: a back-off
 *
 * Starts again from the first step, after a connection that held.
 *
 * Since: 1.0
 */
void
uplink_backoff_reset (UplinkBackoff *self)
{
  g_return_if_fail (UPLINK_IS_BACKOFF (self));

  if (self->step == 0)
    return;

  self->step = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
}
