import { Migration } from '@mikro-orm/migrations';

export class Migration20261121085810_initial extends Migration {
  async up() {
    this.addSql(`create table "outbox" ("id" bigserial primary key, "tx_id" xid8 not null default pg_current_xact_id(), "aggregate_type" text not null, "aggregate_id" text not null, "aggregate_version" int not null, "event_type" text not null, "payload" jsonb not null, "occurred_at" timestamptz not null default now());`);
    this.addSql(`create index "outbox_tx_id_id_index" on "outbox" ("tx_id", "id");`);

    this.addSql(`create table "title" ("id" uuid not null, "kind" text not null, "name" text not null, "year" int null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "title_name_index" on "title" ("name");`);

    this.addSql(`create table "source_record" ("id" uuid not null, "provider" text not null, "external_id" text not null, "title_id" uuid not null, "content_hash" text not null, "payload" jsonb not null, "fetched_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "source_record" add constraint "source_record_provider_external_id_unique" unique ("provider", "external_id");`);

    this.addSql(`alter table "title" add constraint "title_kind_check" check ("kind" in ('MOVIE', 'SERIES', 'ANIME_SERIES', 'ANIME_MOVIE'));`);

    this.addSql(`alter table "source_record" add constraint "source_record_title_id_foreign" foreign key ("title_id") references "title" ("id") on delete cascade;`);
  }

  async down() {
    this.addSql(`alter table "source_record" drop constraint "source_record_title_id_foreign";`);

    this.addSql(`drop table if exists "outbox" cascade;`);
    this.addSql(`drop table if exists "title" cascade;`);
    this.addSql(`drop table if exists "source_record" cascade;`);
  }
}
