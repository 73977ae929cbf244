/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "uplink-dbus-menu.h"
#include "uplink-dbusmenu-generated.h"

/*
 * com.canonical.dbusmenu, version 3: the tray icon's menu, served to
 * whichever host draws it (Plasma, libdbusmenu in XFCE and the GNOME
 * AppIndicator extension). GTK 4 has no exporter of its own, and
 * libdbusmenu-gtk is GTK 3 only.
 *
 * The menu is flat: the root (id 0) and its items, numbered from 1 in
 * the order they were made; an id names the same item for the life of
 * the process and is never given again, so a host holding an old layout
 * cannot click the wrong item. Items come and go (a line per server)
 * with a new layout; their labels and visibility change with a property
 * update only. An item may be bound to an action of @actions: it is then
 * enabled with the action, shows a check mark for a boolean state, and a
 * click activates it (or flips the state). An item without an action
 * emits #UplinkDbusMenu::activated instead.
 *
 * Every item always carries `label`, `enabled` and `visible`, even at
 * their default values, so that a change never has to be sent as a
 * removed property.
 *
 * The interface's code is generated from com.canonical.dbusmenu.xml by
 * gdbus-codegen: one handler per method.
 */

#define DBUS_MENU_ROOT_ID 0

typedef struct
{
  int id;
  gboolean separator;
  char *label;
  char *action_name;
  gboolean enabled;
  gboolean visible;
} Item;

struct _UplinkDbusMenu
{
  GObject parent_instance;

  GActionGroup *actions;
  /* In their order in the menu. */
  GPtrArray *items;
  int last_id;

  UplinkBusDbusmenu *skeleton;
  /* Set while exported. */
  GDBusConnection *bus;

  /* Changes wait for an idle callback, so that a burst (a state change
   * touches several items) goes out as one signal. */
  guint32 revision;
  gboolean layout_changed;
  GHashTable *changed_ids;
  guint flush_source;
};

G_DEFINE_FINAL_TYPE (UplinkDbusMenu, uplink_dbus_menu, G_TYPE_OBJECT)

enum {
  SIGNAL_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
item_free (gpointer data)
{
  Item *item = data;

  g_free (item->label);
  g_free (item->action_name);
  g_free (item);
}

static Item *
lookup_item (UplinkDbusMenu *self,
             int             id,
             guint          *position)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = g_ptr_array_index (self->items, i);

      if (item->id == id)
        {
          if (position != NULL)
            *position = i;
          return item;
        }
    }
  return NULL;
}

static gboolean
item_get_enabled (UplinkDbusMenu *self,
                  Item           *item)
{
  if (item->action_name == NULL)
    return item->enabled;

  return g_action_group_get_action_enabled (self->actions, item->action_name);
}

/* The boolean state of the item's action: -1 when it has none. */
static int
item_get_toggle_state (UplinkDbusMenu *self,
                       Item           *item)
{
  g_autoptr(GVariant) state = NULL;

  if (item->action_name == NULL ||
      !g_action_group_has_action (self->actions, item->action_name))
    return -1;

  state = g_action_group_get_action_state (self->actions, item->action_name);
  if (state == NULL || !g_variant_is_of_type (state, G_VARIANT_TYPE_BOOLEAN))
    return -1;

  return g_variant_get_boolean (state) ? 1 : 0;
}

static gboolean
wanted (const char * const *names,
        const char         *name)
{
  /* An empty list asks for every property. */
  return names == NULL || names[0] == NULL || g_strv_contains (names, name);
}

static GVariant *
build_properties (UplinkDbusMenu     *self,
                  int                 id,
                  const char * const *names)
{
  GVariantBuilder builder;
  Item *item;

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);

  if (id == DBUS_MENU_ROOT_ID)
    {
      if (wanted (names, "children-display"))
        g_variant_builder_add (&builder, "{sv}", "children-display", g_variant_new_string ("submenu"));
      return g_variant_builder_end (&builder);
    }

  item = lookup_item (self, id, NULL);
  g_assert (item != NULL);

  if (item->separator)
    {
      if (wanted (names, "type"))
        g_variant_builder_add (&builder, "{sv}", "type", g_variant_new_string ("separator"));
    }
  else
    {
      int toggle_state = item_get_toggle_state (self, item);

      if (wanted (names, "label"))
        g_variant_builder_add (&builder, "{sv}", "label", g_variant_new_string (item->label));
      if (toggle_state >= 0 && wanted (names, "toggle-type"))
        g_variant_builder_add (&builder, "{sv}", "toggle-type", g_variant_new_string ("checkmark"));
      if (toggle_state >= 0 && wanted (names, "toggle-state"))
        g_variant_builder_add (&builder, "{sv}", "toggle-state", g_variant_new_int32 (toggle_state));
    }

  if (wanted (names, "enabled"))
    g_variant_builder_add (&builder, "{sv}", "enabled",
                           g_variant_new_boolean (item->separator || item_get_enabled (self, item)));
  if (wanted (names, "visible"))
    g_variant_builder_add (&builder, "{sv}", "visible", g_variant_new_boolean (item->visible));

  return g_variant_builder_end (&builder);
}

static GVariant *
build_layout (UplinkDbusMenu     *self,
              int                 id,
              int                 depth,
              const char * const *names)
{
  GVariantBuilder children;

  g_variant_builder_init (&children, G_VARIANT_TYPE ("av"));

  /* Depth -1 is "all the way down"; only the root has children. */
  if (id == DBUS_MENU_ROOT_ID && depth != 0)
    for (guint i = 0; i < self->items->len; i++)
      g_variant_builder_add (&children, "v",
                             build_layout (self, ((Item *) g_ptr_array_index (self->items, i))->id, 0, names));

  return g_variant_new ("(i@a{sv}av)", id, build_properties (self, id, names), &children);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return GPOINTER_TO_INT (a) - GPOINTER_TO_INT (b);
}

static gboolean
flush_changes (gpointer user_data)
{
  UplinkDbusMenu *self = user_data;
  g_autoptr(GList) ids = NULL;

  self->flush_source = 0;

  if (self->bus == NULL)
    {
      self->layout_changed = FALSE;
      g_hash_table_remove_all (self->changed_ids);
      return G_SOURCE_REMOVE;
    }

  if (self->layout_changed)
    {
      /* A new layout carries every property: hosts fetch it again. */
      self->layout_changed = FALSE;
      g_hash_table_remove_all (self->changed_ids);
      self->revision++;
      uplink_bus_dbusmenu_emit_layout_updated (self->skeleton, self->revision, DBUS_MENU_ROOT_ID);
      return G_SOURCE_REMOVE;
    }

  ids = g_hash_table_get_keys (self->changed_ids);
  if (ids != NULL)
    {
      GVariantBuilder updated;

      ids = g_list_sort (ids, compare_ids);
      g_variant_builder_init (&updated, G_VARIANT_TYPE ("a(ia{sv})"));
      for (GList *l = ids; l != NULL; l = l->next)
        {
          int id = GPOINTER_TO_INT (l->data);

          g_variant_builder_add (&updated, "(i@a{sv})", id, build_properties (self, id, NULL));
        }
      g_hash_table_remove_all (self->changed_ids);
      uplink_bus_dbusmenu_emit_items_properties_updated (self->skeleton,
                                                         g_variant_builder_end (&updated),
                                                         g_variant_new_array (G_VARIANT_TYPE ("(ias)"),
                                                                              NULL, 0));
    }

  return G_SOURCE_REMOVE;
}

static void
queue_flush (UplinkDbusMenu *self)
{
  if (self->flush_source == 0 && self->bus != NULL)
    self->flush_source = g_idle_add (flush_changes, self);
}

static void
item_changed (UplinkDbusMenu *self,
              int             id)
{
  g_hash_table_add (self->changed_ids, GINT_TO_POINTER (id));
  queue_flush (self);
}

static void
on_action_changed (UplinkDbusMenu *self,
                   const char     *action_name)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = g_ptr_array_index (self->items, i);

      if (g_strcmp0 (item->action_name, action_name) == 0)
        item_changed (self, item->id);
    }
}

static gboolean
activate_item (UplinkDbusMenu *self,
               int             id,
               const char     *event_id,
               guint           timestamp)
{
  Item *item = lookup_item (self, id, NULL);

  if (item == NULL && id != DBUS_MENU_ROOT_ID)
    return FALSE;

  /* "opened", "closed" and "hovered" need no answer. */
  if (item == NULL || item->separator || !g_str_equal (event_id, "clicked") ||
      !item_get_enabled (self, item))
    return TRUE;

  if (item->action_name == NULL)
    {
      g_signal_emit (self, signals[SIGNAL_ACTIVATED], 0, id, timestamp);
    }
  else if (item_get_toggle_state (self, item) >= 0)
    {
      gboolean active = item_get_toggle_state (self, item) == 1;

      g_action_group_change_action_state (self->actions, item->action_name,
                                          g_variant_new_boolean (!active));
    }
  else
    {
      g_action_group_activate_action (self->actions, item->action_name, NULL);
    }

  return TRUE;
}

static gboolean
is_known_id (UplinkDbusMenu *self,
             int             id)
{
  return id == DBUS_MENU_ROOT_ID || lookup_item (self, id, NULL) != NULL;
}

static gboolean
return_unknown_id (GDBusMethodInvocation *invocation,
                   int                    id)
{
  g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                                         "There is no menu item %d", id);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_get_layout (UplinkDbusMenu        *self,
                   GDBusMethodInvocation *invocation,
                   int                    parent_id,
                   int                    depth,
                   const char * const    *names)
{
  if (!is_known_id (self, parent_id))
    return return_unknown_id (invocation, parent_id);

  /* The layout given is the newest, so its revision must be too: what
   * waits to be announced is announced first. */
  if (self->flush_source != 0)
    {
      g_clear_handle_id (&self->flush_source, g_source_remove);
      flush_changes (self);
    }
  uplink_bus_dbusmenu_complete_get_layout (self->skeleton, invocation, self->revision,
                                           build_layout (self, parent_id, depth, names));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_get_group_properties (UplinkDbusMenu        *self,
                             GDBusMethodInvocation *invocation,
                             GVariant              *ids,
                             const char * const    *names)
{
  g_auto(GVariantBuilder) result = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a(ia{sv})"));
  gsize n_ids;
  const gint32 *id_list = g_variant_get_fixed_array (ids, &n_ids, sizeof (gint32));

  /* No ids asks for every item; unknown ones are left out. */
  if (n_ids == 0)
    for (guint i = 0; i < self->items->len; i++)
      {
        int id = ((Item *) g_ptr_array_index (self->items, i))->id;

        g_variant_builder_add (&result, "(i@a{sv})", id, build_properties (self, id, names));
      }
  for (gsize i = 0; i < n_ids; i++)
    if (is_known_id (self, id_list[i]))
      g_variant_builder_add (&result, "(i@a{sv})", id_list[i],
                             build_properties (self, id_list[i], names));

  uplink_bus_dbusmenu_complete_get_group_properties (self->skeleton, invocation,
                                                     g_variant_builder_end (&result));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_get_property (UplinkDbusMenu        *self,
                     GDBusMethodInvocation *invocation,
                     int                    id,
                     const char            *name)
{
  const char *names[] = { name, NULL };
  g_autoptr(GVariant) properties = NULL;
  g_autoptr(GVariant) value = NULL;

  if (!is_known_id (self, id))
    return return_unknown_id (invocation, id);

  properties = g_variant_ref_sink (build_properties (self, id, names));
  value = g_variant_lookup_value (properties, name, NULL);
  if (value == NULL)
    {
      g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                                             "Menu item %d has no property %s", id, name);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  uplink_bus_dbusmenu_complete_get_property (self->skeleton, invocation, g_variant_new_variant (value));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_event (UplinkDbusMenu        *self,
              GDBusMethodInvocation *invocation,
              int                    id,
              const char            *event_id,
              GVariant              *data,
              guint                  timestamp)
{
  if (!activate_item (self, id, event_id, timestamp))
    return return_unknown_id (invocation, id);

  uplink_bus_dbusmenu_complete_event (self->skeleton, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_event_group (UplinkDbusMenu        *self,
                    GDBusMethodInvocation *invocation,
                    GVariant              *events)
{
  g_auto(GVariantBuilder) errors = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("ai"));
  gsize n_events = g_variant_n_children (events), n_errors = 0;
  GVariantIter iter;
  const char *event_id;
  guint32 timestamp;
  int id;

  g_variant_iter_init (&iter, events);
  while (g_variant_iter_next (&iter, "(i&svu)", &id, &event_id, NULL, &timestamp))
    if (!activate_item (self, id, event_id, timestamp))
      {
        g_variant_builder_add (&errors, "i", id);
        n_errors++;
      }

  /* As libdbusmenu does: an error only when nothing could be done. */
  if (n_events > 0 && n_errors == n_events)
    {
      g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                                             "None of the menu items exist");
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  uplink_bus_dbusmenu_complete_event_group (self->skeleton, invocation, g_variant_builder_end (&errors));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_about_to_show (UplinkDbusMenu        *self,
                      GDBusMethodInvocation *invocation,
                      int                    id)
{
  if (!is_known_id (self, id))
    return return_unknown_id (invocation, id);

  /* Every change is announced as it happens: nothing to refresh. */
  uplink_bus_dbusmenu_complete_about_to_show (self->skeleton, invocation, FALSE);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_about_to_show_group (UplinkDbusMenu        *self,
                            GDBusMethodInvocation *invocation,
                            GVariant              *ids)
{
  g_auto(GVariantBuilder) errors = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("ai"));
  gsize n_ids;
  const gint32 *id_list = g_variant_get_fixed_array (ids, &n_ids, sizeof (gint32));

  for (gsize i = 0; i < n_ids; i++)
    if (!is_known_id (self, id_list[i]))
      g_variant_builder_add (&errors, "i", id_list[i]);

  uplink_bus_dbusmenu_complete_about_to_show_group (self->skeleton, invocation,
                                                    g_variant_new_array (G_VARIANT_TYPE_INT32, NULL, 0),
                                                    g_variant_builder_end (&errors));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
uplink_dbus_menu_dispose (GObject *object)
{
  UplinkDbusMenu *self = UPLINK_DBUS_MENU (object);

  uplink_dbus_menu_unexport (self);
  if (self->actions != NULL)
    g_signal_handlers_disconnect_by_data (self->actions, self);
  g_clear_object (&self->actions);
  if (self->skeleton != NULL)
    g_signal_handlers_disconnect_by_data (self->skeleton, self);
  g_clear_object (&self->skeleton);

  G_OBJECT_CLASS (uplink_dbus_menu_parent_class)->dispose (object);
}

static void
uplink_dbus_menu_finalize (GObject *object)
{
  UplinkDbusMenu *self = UPLINK_DBUS_MENU (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->changed_ids, g_hash_table_unref);

  G_OBJECT_CLASS (uplink_dbus_menu_parent_class)->finalize (object);
}

static void
uplink_dbus_menu_class_init (UplinkDbusMenuClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = uplink_dbus_menu_dispose;
  object_class->finalize = uplink_dbus_menu_finalize;

  /**
   * UplinkDbusMenu::activated:
   * @self: the menu
   * @id: the item's id
   * @timestamp: the host's time of the click
   *
   * Emitted when an enabled item that has no action is clicked.
   */
  signals[SIGNAL_ACTIVATED] =
    g_signal_new ("activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_UINT);
}

static void
uplink_dbus_menu_init (UplinkDbusMenu *self)
{
  const char * const no_paths[] = { NULL };

  self->items = g_ptr_array_new_with_free_func (item_free);
  self->changed_ids = g_hash_table_new (NULL, NULL);
  self->revision = 1;

  self->skeleton = uplink_bus_dbusmenu_skeleton_new ();
  uplink_bus_dbusmenu_set_version (self->skeleton, 3);
  /* As gtk_get_locale_direction() tells it, from GTK's own translations,
   * without loading GTK into the service. */
  uplink_bus_dbusmenu_set_text_direction (self->skeleton,
                                          g_str_equal (g_dgettext ("gtk40", "default:LTR"), "default:RTL")
                                          ? "rtl" : "ltr");
  uplink_bus_dbusmenu_set_status (self->skeleton, "normal");
  uplink_bus_dbusmenu_set_icon_theme_path (self->skeleton, no_paths);
  g_signal_connect_swapped (self->skeleton, "handle-get-layout", G_CALLBACK (handle_get_layout), self);
  g_signal_connect_swapped (self->skeleton, "handle-get-group-properties",
                            G_CALLBACK (handle_get_group_properties), self);
  g_signal_connect_swapped (self->skeleton, "handle-get-property", G_CALLBACK (handle_get_property), self);
  g_signal_connect_swapped (self->skeleton, "handle-event", G_CALLBACK (handle_event), self);
  g_signal_connect_swapped (self->skeleton, "handle-event-group", G_CALLBACK (handle_event_group), self);
  g_signal_connect_swapped (self->skeleton, "handle-about-to-show", G_CALLBACK (handle_about_to_show), self);
  g_signal_connect_swapped (self->skeleton, "handle-about-to-show-group",
                            G_CALLBACK (handle_about_to_show_group), self);
}

/**
 * uplink_dbus_menu_new:
 * @actions: the actions that items may be bound to
 *
 * Returns: (transfer full): an empty menu
 */
UplinkDbusMenu *
uplink_dbus_menu_new (GActionGroup *actions)
{
  UplinkDbusMenu *self;

  g_return_val_if_fail (G_IS_ACTION_GROUP (actions), NULL);

  self = g_object_new (UPLINK_TYPE_DBUS_MENU, NULL);
  self->actions = g_object_ref (actions);
  g_signal_connect_object (actions, "action-enabled-changed",
                           G_CALLBACK (on_action_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (actions, "action-state-changed",
                           G_CALLBACK (on_action_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (actions, "action-added",
                           G_CALLBACK (on_action_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (actions, "action-removed",
                           G_CALLBACK (on_action_changed), self, G_CONNECT_SWAPPED);

  return self;
}

static int
insert (UplinkDbusMenu *self,
        int             position,
        Item           *item)
{
  if (position < 0 || (guint) position > self->items->len)
    position = self->items->len;
  g_ptr_array_insert (self->items, position, item);
  item->id = ++self->last_id;
  item->visible = TRUE;
  self->layout_changed = TRUE;
  queue_flush (self);

  return item->id;
}

/**
 * uplink_dbus_menu_insert_item:
 * @self: the menu
 * @position: where, counted from 0 over the items; -1 for the end
 * @label: the item's text, with `_` before an access key
 * @action_name: (nullable): an action of the menu's group, without
 *   prefix, or %NULL for an item that emits #UplinkDbusMenu::activated
 * @enabled: whether an item without an action can be clicked
 *
 * Returns: the item's id, which stays the same
 */
int
uplink_dbus_menu_insert_item (UplinkDbusMenu *self,
                              int             position,
                              const char     *label,
                              const char     *action_name,
                              gboolean        enabled)
{
  Item *item;

  g_return_val_if_fail (UPLINK_IS_DBUS_MENU (self), -1);
  g_return_val_if_fail (label != NULL, -1);

  item = g_new0 (Item, 1);
  item->label = g_strdup (label);
  item->action_name = g_strdup (action_name);
  item->enabled = enabled;

  return insert (self, position, item);
}

/**
 * uplink_dbus_menu_append_item:
 * @self: the menu
 * @label: the item's text, with `_` before an access key
 * @action_name: (nullable): an action of the menu's group, without
 *   prefix, or %NULL for an item that emits #UplinkDbusMenu::activated
 * @enabled: whether an item without an action can be clicked
 *
 * Returns: the item's id, which stays the same
 */
int
uplink_dbus_menu_append_item (UplinkDbusMenu *self,
                              const char     *label,
                              const char     *action_name,
                              gboolean        enabled)
{
  return uplink_dbus_menu_insert_item (self, -1, label, action_name, enabled);
}

/**
 * uplink_dbus_menu_remove_item:
 * @self: the menu
 * @id: an item's id
 *
 * Takes the item out of the menu; its id is not given again.
 */
void
uplink_dbus_menu_remove_item (UplinkDbusMenu *self,
                              int             id)
{
  guint position;

  g_return_if_fail (UPLINK_IS_DBUS_MENU (self));
  g_return_if_fail (lookup_item (self, id, &position) != NULL);

  g_ptr_array_remove_index (self->items, position);
  g_hash_table_remove (self->changed_ids, GINT_TO_POINTER (id));
  self->layout_changed = TRUE;
  queue_flush (self);
}

/**
 * uplink_dbus_menu_append_separator:
 * @self: the menu
 *
 * Returns: the separator's id
 */
int
uplink_dbus_menu_append_separator (UplinkDbusMenu *self)
{
  Item *item;

  g_return_val_if_fail (UPLINK_IS_DBUS_MENU (self), -1);

  item = g_new0 (Item, 1);
  item->separator = TRUE;
  item->label = g_strdup ("");

  return insert (self, -1, item);
}

void
uplink_dbus_menu_set_label (UplinkDbusMenu *self,
                            int             id,
                            const char     *label)
{
  Item *item;

  g_return_if_fail (UPLINK_IS_DBUS_MENU (self));
  g_return_if_fail (label != NULL);

  item = lookup_item (self, id, NULL);
  g_return_if_fail (item != NULL && !item->separator);

  if (g_str_equal (item->label, label))
    return;

  g_free (item->label);
  item->label = g_strdup (label);
  item_changed (self, id);
}

/**
 * uplink_dbus_menu_set_visible:
 * @self: the menu
 * @id: an item's id
 * @visible: whether hosts show it
 *
 * Hides or shows an item, with a property update rather than a new
 * layout.
 */
void
uplink_dbus_menu_set_visible (UplinkDbusMenu *self,
                              int             id,
                              gboolean        visible)
{
  Item *item;

  g_return_if_fail (UPLINK_IS_DBUS_MENU (self));

  item = lookup_item (self, id, NULL);
  g_return_if_fail (item != NULL);

  visible = !!visible;
  if (item->visible == visible)
    return;

  item->visible = visible;
  item_changed (self, id);
}

/**
 * uplink_dbus_menu_export:
 * @self: the menu
 * @bus: the connection to serve it on
 * @object_path: where
 * @error: where to say why it could not be
 *
 * Serves the menu at @object_path until [method@DbusMenu.unexport].
 *
 * Returns: %TRUE if the menu is exported
 */
gboolean
uplink_dbus_menu_export (UplinkDbusMenu   *self,
                         GDBusConnection  *bus,
                         const char       *object_path,
                         GError          **error)
{
  g_return_val_if_fail (UPLINK_IS_DBUS_MENU (self), FALSE);
  g_return_val_if_fail (G_IS_DBUS_CONNECTION (bus), FALSE);
  g_return_val_if_fail (g_variant_is_object_path (object_path), FALSE);
  g_return_val_if_fail (self->bus == NULL, FALSE);

  if (!g_dbus_interface_skeleton_export (G_DBUS_INTERFACE_SKELETON (self->skeleton), bus, object_path,
                                         error))
    return FALSE;

  self->bus = g_object_ref (bus);
  /* Nobody can hold an older layout. */
  self->layout_changed = FALSE;
  g_hash_table_remove_all (self->changed_ids);

  return TRUE;
}

void
uplink_dbus_menu_unexport (UplinkDbusMenu *self)
{
  g_return_if_fail (UPLINK_IS_DBUS_MENU (self));

  if (self->bus != NULL)
    g_dbus_interface_skeleton_unexport (G_DBUS_INTERFACE_SKELETON (self->skeleton));
  g_clear_handle_id (&self->flush_source, g_source_remove);
  g_clear_object (&self->bus);
}
