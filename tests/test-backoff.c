/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <string.h>

#include <uplink.h>

#define N_SPREAD_DRAWS 10000
#define N_DECILES 10

/* min (maximum, initial × 2^step), worked out in 64 bits. */
static guint
expected_ceiling (guint initial,
                  guint maximum,
                  guint step)
{
  if (step >= 32)
    return maximum;

  return (guint) MIN ((guint64) initial << step, (guint64) maximum);
}

static void
test_backoff_defaults (void)
{
  g_autoptr(UplinkBackoff) backoff = g_object_new (UPLINK_TYPE_BACKOFF, NULL);

  g_assert_cmpuint (uplink_backoff_get_initial (backoff), ==, 1000);
  g_assert_cmpuint (uplink_backoff_get_maximum (backoff), ==, 30000);
  g_assert_true (uplink_backoff_get_jitter (backoff));
  g_assert_cmpuint (uplink_backoff_get_step (backoff), ==, 0);
  g_assert_cmpuint (uplink_backoff_get_ceiling (backoff), ==, 1000);
}

static void
test_backoff_bounds (void)
{
  for (guint32 seed = 1; seed <= 20; seed++)
    {
      g_autoptr(UplinkBackoff) backoff = uplink_backoff_new (1000, 30000);

      uplink_backoff_set_seed (backoff, seed);
      for (guint i = 0; i < 50; i++)
        {
          guint ceiling = uplink_backoff_get_ceiling (backoff);

          g_assert_cmpuint (uplink_backoff_next_delay (backoff), <=, ceiling);
        }
    }
}

static void
test_backoff_growth (void)
{
  const guint ceilings[] = { 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000 };
  g_autoptr(UplinkBackoff) backoff = uplink_backoff_new (1000, 30000);

  uplink_backoff_set_jitter (backoff, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (ceilings); i++)
    {
      g_assert_cmpuint (uplink_backoff_get_step (backoff), ==, i);
      g_assert_cmpuint (uplink_backoff_get_ceiling (backoff), ==, ceilings[i]);
      g_assert_cmpuint (uplink_backoff_next_delay (backoff), ==, ceilings[i]);
    }
}

static void
check_no_overflow (guint initial,
                   guint maximum)
{
  g_autoptr(UplinkBackoff) backoff = uplink_backoff_new (initial, maximum);

  g_test_message ("initial %u, maximum %u", initial, maximum);
  uplink_backoff_set_jitter (backoff, FALSE);
  for (guint step = 0; step < 100; step++)
    {
      guint expected = expected_ceiling (initial, maximum, step);

      g_assert_cmpuint (uplink_backoff_get_ceiling (backoff), ==, expected);
      g_assert_cmpuint (uplink_backoff_next_delay (backoff), ==, expected);
    }

  g_assert_cmpuint (uplink_backoff_get_ceiling (backoff), ==, maximum);
}

static void
test_backoff_no_overflow (void)
{
  check_no_overflow (1000, 30000);
  check_no_overflow (1000, G_MAXUINT);
  check_no_overflow (3, G_MAXUINT - 1);
  check_no_overflow (G_MAXUINT / 2 + 1, G_MAXUINT);
  check_no_overflow (G_MAXUINT, G_MAXUINT);
  check_no_overflow (1, 1);
}

static void
test_backoff_maximum_below_initial (void)
{
  g_autoptr(UplinkBackoff) backoff = uplink_backoff_new (5000, 3000);

  uplink_backoff_set_jitter (backoff, FALSE);
  for (guint i = 0; i < 10; i++)
    g_assert_cmpuint (uplink_backoff_next_delay (backoff), ==, 3000);
}

static void
on_notify_count (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    data)
{
  guint *count = data;

  (*count)++;
}

static void
test_backoff_reset (void)
{
  g_autoptr(UplinkBackoff) backoff = uplink_backoff_new (1000, 30000);
  guint notified = 0;

  uplink_backoff_set_jitter (backoff, FALSE);
  for (guint i = 0; i < 4; i++)
    (void) uplink_backoff_next_delay (backoff);
  g_assert_cmpuint (uplink_backoff_get_step (backoff), ==, 4);
  g_assert_cmpuint (uplink_backoff_get_ceiling (backoff), ==, 16000);

  g_signal_connect (backoff, "notify::step", G_CALLBACK (on_notify_count), &notified);

  uplink_backoff_reset (backoff);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (uplink_backoff_get_step (backoff), ==, 0);
  g_assert_cmpuint (uplink_backoff_get_ceiling (backoff), ==, 1000);
  g_assert_cmpuint (uplink_backoff_next_delay (backoff), ==, 1000);
  g_assert_cmpuint (notified, ==, 2);

  uplink_backoff_reset (backoff);
  uplink_backoff_reset (backoff);
  g_assert_cmpuint (notified, ==, 3);
}

static GArray *
draw_sequence (UplinkBackoff *backoff,
               guint          length)
{
  GArray *delays = g_array_sized_new (FALSE, FALSE, sizeof (guint), length);

  for (guint i = 0; i < length; i++)
    {
      guint delay = uplink_backoff_next_delay (backoff);

      g_array_append_val (delays, delay);
    }

  return delays;
}

static gboolean
sequences_equal (GArray *a,
                 GArray *b)
{
  return a->len == b->len &&
         memcmp (a->data, b->data, a->len * sizeof (guint)) == 0;
}

static GArray *
seeded_sequence (guint32 seed)
{
  g_autoptr(UplinkBackoff) backoff = uplink_backoff_new (1000, 30000);

  uplink_backoff_set_seed (backoff, seed);
  return draw_sequence (backoff, 50);
}

static void
test_backoff_determinism (void)
{
  g_autoptr(GArray) first = seeded_sequence (42);
  g_autoptr(GArray) again = seeded_sequence (42);
  g_autoptr(GArray) other = seeded_sequence (43);

  g_assert_true (sequences_equal (first, again));
  g_assert_false (sequences_equal (first, other));
}

static void
test_backoff_replay (void)
{
  g_autoptr(UplinkBackoff) backoff = uplink_backoff_new (1000, 30000);
  g_autoptr(GArray) first = NULL;
  g_autoptr(GArray) replayed = NULL;

  uplink_backoff_set_seed (backoff, 7);
  first = draw_sequence (backoff, 20);

  uplink_backoff_reset (backoff);
  uplink_backoff_set_seed (backoff, 7);
  replayed = draw_sequence (backoff, 20);

  g_assert_true (sequences_equal (first, replayed));
}

static void
test_backoff_random_seed (void)
{
  g_autoptr(UplinkBackoff) a = uplink_backoff_new (G_MAXUINT, G_MAXUINT);
  g_autoptr(UplinkBackoff) b = uplink_backoff_new (G_MAXUINT, G_MAXUINT);
  g_autoptr(GArray) from_a = draw_sequence (a, 8);
  g_autoptr(GArray) from_b = draw_sequence (b, 8);

  g_assert_false (sequences_equal (from_a, from_b));
}

static void
test_backoff_jitter_off (void)
{
  g_autoptr(UplinkBackoff) backoff = uplink_backoff_new (250, 10000);

  uplink_backoff_set_jitter (backoff, FALSE);
  for (guint step = 0; step < 12; step++)
    g_assert_cmpuint (uplink_backoff_next_delay (backoff), ==,
                      expected_ceiling (250, 10000, step));
}

static void
test_backoff_spread (void)
{
  const guint ceiling = 8000;
  g_autoptr(UplinkBackoff) backoff = uplink_backoff_new (ceiling, 30000);
  guint deciles[N_DECILES] = { 0, };
  guint64 sum = 0;
  guint min = G_MAXUINT;
  guint max = 0;
  double mean;

  uplink_backoff_set_seed (backoff, g_test_rand_int ());
  for (guint i = 0; i < N_SPREAD_DRAWS; i++)
    {
      guint delay;

      uplink_backoff_reset (backoff);
      delay = uplink_backoff_next_delay (backoff);
      g_assert_cmpuint (delay, <=, ceiling);

      sum += delay;
      min = MIN (min, delay);
      max = MAX (max, delay);
      deciles[(guint64) delay * N_DECILES / (ceiling + 1)]++;
    }

  /* The standard error of the mean is ceiling / sqrt (12 × draws), about
   * 0.3 % of the ceiling: 2 % is far beyond chance. */
  mean = (double) sum / N_SPREAD_DRAWS;
  g_test_message ("mean %.1f, min %u, max %u", mean, min, max);
  g_assert_cmpfloat_with_epsilon (mean, ceiling / 2.0, ceiling * 0.02);
  g_assert_cmpuint (min, <=, ceiling / 100);
  g_assert_cmpuint (max, >=, ceiling - ceiling / 100);

  /* 1000 expected per decile, with a standard deviation of 30. */
  for (guint i = 0; i < N_DECILES; i++)
    {
      g_test_message ("decile %u: %u", i, deciles[i]);
      g_assert_cmpuint (deciles[i], >=, 800);
      g_assert_cmpuint (deciles[i], <=, 1200);
    }
}

static void
test_backoff_full_range (void)
{
  g_autoptr(UplinkBackoff) backoff = uplink_backoff_new (G_MAXUINT, G_MAXUINT);
  guint above_half = 0;

  uplink_backoff_set_seed (backoff, g_test_rand_int ());
  for (guint i = 0; i < 1000; i++)
    if (uplink_backoff_next_delay (backoff) > G_MAXUINT / 2)
      above_half++;

  g_assert_cmpuint (above_half, >=, 400);
  g_assert_cmpuint (above_half, <=, 600);
}

typedef struct {
  const char *property;
  guint count;
} NotifyRecord;

static void
on_notify_record (GObject    *object,
                  GParamSpec *pspec,
                  gpointer    data)
{
  NotifyRecord *record = data;

  g_assert_cmpstr (pspec->name, ==, record->property);
  record->count++;
}

static void
test_backoff_properties (void)
{
  g_autoptr(UplinkBackoff) backoff = uplink_backoff_new (500, 20000);
  NotifyRecord record = { NULL, 0 };
  guint initial, maximum, step;
  gboolean jitter;

  g_object_get (backoff,
                "initial", &initial,
                "maximum", &maximum,
                "jitter", &jitter,
                "step", &step,
                NULL);
  g_assert_cmpuint (initial, ==, 500);
  g_assert_cmpuint (maximum, ==, 20000);
  g_assert_true (jitter);
  g_assert_cmpuint (step, ==, 0);

  g_signal_connect (backoff, "notify", G_CALLBACK (on_notify_record), &record);

  record.property = "initial";
  g_object_set (backoff, "initial", 750, NULL);
  g_assert_cmpuint (record.count, ==, 1);
  g_assert_cmpuint (uplink_backoff_get_initial (backoff), ==, 750);
  g_object_set (backoff, "initial", 750, NULL);
  g_assert_cmpuint (record.count, ==, 1);

  record = (NotifyRecord) { "maximum", 0 };
  g_object_set (backoff, "maximum", 60000, NULL);
  g_assert_cmpuint (record.count, ==, 1);
  g_assert_cmpuint (uplink_backoff_get_maximum (backoff), ==, 60000);
  uplink_backoff_set_maximum (backoff, 60000);
  g_assert_cmpuint (record.count, ==, 1);

  record = (NotifyRecord) { "jitter", 0 };
  g_object_set (backoff, "jitter", FALSE, NULL);
  g_assert_cmpuint (record.count, ==, 1);
  g_assert_false (uplink_backoff_get_jitter (backoff));
  uplink_backoff_set_jitter (backoff, FALSE);
  g_assert_cmpuint (record.count, ==, 1);

  record = (NotifyRecord) { "step", 0 };
  g_assert_cmpuint (uplink_backoff_next_delay (backoff), ==, 750);
  g_assert_cmpuint (record.count, ==, 1);
  g_object_get (backoff, "step", &step, NULL);
  g_assert_cmpuint (step, ==, 1);
}

static void
test_backoff_invalid (void)
{
  g_autoptr(UplinkBackoff) backoff = uplink_backoff_new (1000, 30000);

  g_test_expect_message ("Uplink", G_LOG_LEVEL_CRITICAL, "*initial_ms >= 1*");
  g_assert_null (uplink_backoff_new (0, 30000));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Uplink", G_LOG_LEVEL_CRITICAL, "*max_ms >= 1*");
  g_assert_null (uplink_backoff_new (1000, 0));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Uplink", G_LOG_LEVEL_CRITICAL, "*initial_ms >= 1*");
  uplink_backoff_set_initial (backoff, 0);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (uplink_backoff_get_initial (backoff), ==, 1000);

  g_test_expect_message ("Uplink", G_LOG_LEVEL_CRITICAL, "*UPLINK_IS_BACKOFF*");
  g_assert_cmpuint (uplink_backoff_next_delay (NULL), ==, 0);
  g_test_assert_expected_messages ();
}

static void
count_notify (guint *count)
{
  (*count)++;
}

/* A connection's back-off is tuned through its properties alone, which
 * notify; the defaults are the back-off's own. */
static void
test_backoff_connection_properties (void)
{
  g_autoptr(UplinkConnection) connection = uplink_connection_new ("ws://127.0.0.1:1/");
  guint notified = 0;

  g_assert_cmpuint (uplink_connection_get_backoff_initial (connection), ==, 1000);
  g_assert_cmpuint (uplink_connection_get_backoff_max (connection), ==, 30000);
  g_assert_true (uplink_connection_get_backoff_jitter (connection));

  g_signal_connect_swapped (connection, "notify::backoff-jitter", G_CALLBACK (count_notify), &notified);
  uplink_connection_set_backoff_jitter (connection, FALSE);
  uplink_connection_set_backoff_jitter (connection, FALSE);
  g_assert_false (uplink_connection_get_backoff_jitter (connection));
  g_assert_cmpuint (notified, ==, 1);

  g_object_set (connection, "backoff-jitter", TRUE, NULL);
  g_assert_true (uplink_connection_get_backoff_jitter (connection));
  g_assert_cmpuint (notified, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/backoff/defaults", test_backoff_defaults);
  g_test_add_func ("/backoff/bounds", test_backoff_bounds);
  g_test_add_func ("/backoff/growth", test_backoff_growth);
  g_test_add_func ("/backoff/no-overflow", test_backoff_no_overflow);
  g_test_add_func ("/backoff/maximum-below-initial", test_backoff_maximum_below_initial);
  g_test_add_func ("/backoff/reset", test_backoff_reset);
  g_test_add_func ("/backoff/determinism", test_backoff_determinism);
  g_test_add_func ("/backoff/replay", test_backoff_replay);
  g_test_add_func ("/backoff/random-seed", test_backoff_random_seed);
  g_test_add_func ("/backoff/jitter-off", test_backoff_jitter_off);
  g_test_add_func ("/backoff/spread", test_backoff_spread);
  g_test_add_func ("/backoff/full-range", test_backoff_full_range);
  g_test_add_func ("/backoff/properties", test_backoff_properties);
  g_test_add_func ("/backoff/invalid", test_backoff_invalid);
  g_test_add_func ("/backoff/connection-properties", test_backoff_connection_properties);

  return g_test_run ();
}
