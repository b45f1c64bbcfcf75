import { Migration } from '@mikro-orm/migrations';

export class Migration20261121134209_players_notifications extends Migration {
  async up() {
    this.addSql(`create table "event_stream_state" ("key" text not null, "value" text not null, "updated_at" timestamptz not null, primary key ("key"));`);

    this.addSql(`create table "notification_delivery" ("id" uuid not null, "target_id" uuid not null, "event_id" text not null, "event_type" text not null, "event" jsonb not null, "state" text not null default 'PENDING', "attempts" int not null default 0, "last_status" int null, "last_error" text null, "test" boolean not null default false, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "delivered_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "notification_delivery_target_id_created_at_index" on "notification_delivery" ("target_id", "created_at");`);
    this.addSql(`alter table "notification_delivery" add constraint "notification_delivery_target_id_event_id_unique" unique ("target_id", "event_id");`);

    this.addSql(`create table "notification_target" ("id" uuid not null, "name" text not null, "kind" text not null, "url" text not null, "display_url" text not null, "secret" text null, "enabled" boolean not null default true, "events" text[] not null default '{}', "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);

    this.addSql(`create table "player" ("id" uuid not null, "name" text not null, "kind" text not null, "url" text not null, "username" text null, "credentials" text null, "enabled" boolean not null default true, "library_ids" uuid[] not null default '{}', "path_mappings" jsonb not null default '[]', "last_status" text null, "last_status_at" timestamptz null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);

    this.addSql(`create table "player_sync_request" ("player_id" uuid not null, "directory" text not null, "library_id" uuid not null, "removed" boolean not null default false, "requested_at" timestamptz not null, primary key ("player_id", "directory"));`);

    this.addSql(`alter table "notification_delivery" add constraint "notification_delivery_state_check" check ("state" in ('PENDING', 'DELIVERED', 'RETRYING', 'DEAD'));`);

    this.addSql(`alter table "notification_target" add constraint "notification_target_kind_check" check ("kind" in ('WEBHOOK', 'DISCORD', 'SLACK', 'NTFY', 'GOTIFY'));`);

    this.addSql(`alter table "player" add constraint "player_kind_check" check ("kind" in ('KODI', 'JELLYFIN', 'PLEX'));`);
  }

  async down() {
    this.addSql(`drop table if exists "event_stream_state" cascade;`);
    this.addSql(`drop table if exists "notification_delivery" cascade;`);
    this.addSql(`drop table if exists "notification_target" cascade;`);
    this.addSql(`drop table if exists "player" cascade;`);
    this.addSql(`drop table if exists "player_sync_request" cascade;`);
  }
}
