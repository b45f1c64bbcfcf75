import { Migration } from '@mikro-orm/migrations';

export class Migration20261121134528_publishing_manifest_recycle_bin extends Migration {
  async up() {
    this.addSql(`create table "asset_source" ("url" text not null, "sha256" text not null, "fetched_at" timestamptz not null, primary key ("url"));`);
    this.addSql(`create index "asset_source_sha256_index" on "asset_source" ("sha256");`);

    this.addSql(`create table "cached_asset" ("sha256" text not null, "ext" text not null, "format" text not null, "width" int null, "height" int null, "size" bigint not null, "created_at" timestamptz not null, primary key ("sha256"));`);

    this.addSql(`create table "published_file" ("id" uuid not null, "library_id" uuid not null, "rel_path" text not null, "title_id" uuid null, "role" text not null, "kind" text not null, "sha256" text null, "pending_sha256" text null, "size" bigint not null, "warning" text null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "published_file_title_id_index" on "published_file" ("title_id");`);
    this.addSql(`alter table "published_file" add constraint "published_file_library_id_rel_path_unique" unique ("library_id", "rel_path");`);

    this.addSql(`create table "recycle_entry" ("id" uuid not null, "kind" text not null, "label" text not null, "title_id" uuid null, "library_id" uuid null, "records" jsonb not null default '{}', "files" jsonb not null default '[]', "folder" text not null, "deleted_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`);
    this.addSql(`create index "recycle_entry_title_id_index" on "recycle_entry" ("title_id");`);
    this.addSql(`create index "recycle_entry_deleted_at_index" on "recycle_entry" ("deleted_at");`);

    this.addSql(`alter table "published_file" add constraint "published_file_library_id_foreign" foreign key ("library_id") references "library" ("id") on delete cascade;`);
    // Versions of the published-files read model (one document per title, rewritten after each publish).
    this.addSql(`create sequence "published_files_version_seq";`);
  }

  async down() {
    this.addSql(`drop sequence if exists "published_files_version_seq";`);
    this.addSql(`drop table if exists "asset_source" cascade;`);
    this.addSql(`drop table if exists "cached_asset" cascade;`);
    this.addSql(`drop table if exists "published_file" cascade;`);
    this.addSql(`drop table if exists "recycle_entry" cascade;`);
  }
}
