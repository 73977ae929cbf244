/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <uplink.h>

static const struct {
  UplinkState state;
  const char *string;
} seed_strings[] = {
  { UPLINK_STATE_DISCONNECTED, "disconnected" },
  { UPLINK_STATE_CONNECTING, "connecting" },
  { UPLINK_STATE_CONNECTED, "connected" },
  { UPLINK_STATE_FEATURE_THROTTLED, "featureThrottled" },
};

static void
test_state_seed_strings (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (seed_strings); i++)
    g_assert_cmpstr (uplink_state_to_string (seed_strings[i].state), ==,
                     seed_strings[i].string);
}

static void
test_state_round_trip (void)
{
  g_autoptr(GEnumClass) enum_class = g_type_class_ref (UPLINK_TYPE_STATE);

  for (guint i = 0; i < enum_class->n_values; i++)
    {
      UplinkState state = enum_class->values[i].value;
      UplinkState parsed = (UplinkState) -1;
      const char *string = uplink_state_to_string (state);

      g_assert_nonnull (string);
      g_assert_true (uplink_state_from_string (string, &parsed));
      g_assert_cmpint (parsed, ==, state);
    }
}

static void
test_state_refused (void)
{
  const char *refused[] = {
    "",
    "Connected",
    "CONNECTING",
    "Disconnected",
    "featurethrottled",
    "FeatureThrottled",
    "feature-throttled",
    "feature_throttled",
    "throttled",
    "connected ",
    " connected",
    "connect",
    "connectedx",
    "unknown",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      UplinkState state = UPLINK_STATE_CONNECTED;

      g_test_message ("refusing \"%s\"", refused[i]);
      g_assert_false (uplink_state_from_string (refused[i], &state));
      g_assert_cmpint (state, ==, UPLINK_STATE_CONNECTED);
      g_assert_false (uplink_state_from_string (refused[i], NULL));
    }
}

static void
test_state_null_out (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (seed_strings); i++)
    g_assert_true (uplink_state_from_string (seed_strings[i].string, NULL));
}

static void
test_state_enum_type (void)
{
  g_autoptr(GEnumClass) enum_class = NULL;

  g_assert_true (G_TYPE_IS_ENUM (UPLINK_TYPE_STATE));
  g_assert_cmpstr (g_type_name (UPLINK_TYPE_STATE), ==, "UplinkState");

  enum_class = g_type_class_ref (UPLINK_TYPE_STATE);
  g_assert_cmpuint (enum_class->n_values, ==, 4);
  g_assert_cmpint (enum_class->minimum, ==, UPLINK_STATE_DISCONNECTED);
  g_assert_cmpint (enum_class->maximum, ==, UPLINK_STATE_FEATURE_THROTTLED);

  for (gsize i = 0; i < G_N_ELEMENTS (seed_strings); i++)
    g_assert_nonnull (g_enum_get_value (enum_class, seed_strings[i].state));

  g_assert_cmpstr (g_enum_get_value (enum_class, UPLINK_STATE_FEATURE_THROTTLED)->value_name,
                   ==, "UPLINK_STATE_FEATURE_THROTTLED");
}

static void
test_state_from_string_null (void)
{
  UplinkState state = UPLINK_STATE_CONNECTED;

  g_test_expect_message ("Uplink", G_LOG_LEVEL_CRITICAL, "*string != NULL*");
  g_assert_false (uplink_state_from_string (NULL, &state));
  g_test_assert_expected_messages ();

  g_assert_cmpint (state, ==, UPLINK_STATE_CONNECTED);
}

static void
test_state_to_string_invalid (void)
{
  g_test_expect_message ("Uplink", G_LOG_LEVEL_CRITICAL, "*state <= *");
  g_assert_null (uplink_state_to_string ((UplinkState) (UPLINK_STATE_FEATURE_THROTTLED + 1)));
  g_test_assert_expected_messages ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/state/seed-strings", test_state_seed_strings);
  g_test_add_func ("/state/round-trip", test_state_round_trip);
  g_test_add_func ("/state/refused", test_state_refused);
  g_test_add_func ("/state/null-out", test_state_null_out);
  g_test_add_func ("/state/enum-type", test_state_enum_type);
  g_test_add_func ("/state/from-string-null", test_state_from_string_null);
  g_test_add_func ("/state/to-string-invalid", test_state_to_string_invalid);

  return g_test_run ();
}
