import { Migration } from '@mikro-orm/migrations';

export class Migration20261121092105_external_ids_seasons_episodes_genres extends Migration {
  async up() {
    this.addSql(`create table "season" ("id" uuid not null, "title_id" uuid not null, "number" int not null, "name" text null, "overview" text null, "air_date" text null, "provenance" jsonb not null default '{}', "locks" text[] not null default '{}', primary key ("id"));`);
    this.addSql(`alter table "season" add constraint "season_title_id_number_unique" unique ("title_id", "number");`);

    this.addSql(`create table "episode" ("id" uuid not null, "season_id" uuid not null, "number" int not null, "absolute_number" int null, "name" text null, "overview" text null, "air_date" text null, "runtime" int null, "provenance" jsonb not null default '{}', "locks" text[] not null default '{}', primary key ("id"));`);
    this.addSql(`alter table "episode" add constraint "episode_season_id_number_unique" unique ("season_id", "number");`);

    this.addSql(`create table "external_id" ("id" uuid not null, "title_id" uuid not null, "provider" text not null, "value" text not null, primary key ("id"));`);
    this.addSql(`create index "external_id_title_id_index" on "external_id" ("title_id");`);
    this.addSql(`alter table "external_id" add constraint "external_id_provider_value_unique" unique ("provider", "value");`);

    this.addSql(`alter table "title" add "genres" text[] not null default '{}', add "studios" text[] not null default '{}', add "tags" text[] not null default '{}';`);

    this.addSql(`alter table "season" add constraint "season_title_id_foreign" foreign key ("title_id") references "title" ("id") on delete cascade;`);

    this.addSql(`alter table "episode" add constraint "episode_season_id_foreign" foreign key ("season_id") references "season" ("id") on delete cascade;`);

    this.addSql(`alter table "external_id" add constraint "external_id_title_id_foreign" foreign key ("title_id") references "title" ("id") on delete cascade;`);
  }

  async down() {
    this.addSql(`alter table "episode" drop constraint "episode_season_id_foreign";`);

    this.addSql(`drop table if exists "season" cascade;`);
    this.addSql(`drop table if exists "episode" cascade;`);
    this.addSql(`drop table if exists "external_id" cascade;`);

    this.addSql(`alter table "title" drop column "genres", drop column "studios", drop column "tags";`);
  }
}
