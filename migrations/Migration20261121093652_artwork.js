import { Migration } from '@mikro-orm/migrations';

export class Migration20261121093652_artwork extends Migration {
  async up() {
    this.addSql(`create table "artwork" ("id" uuid not null, "title_id" uuid not null, "kind" text not null, "season_number" int null, "url" text not null, "width" int null, "height" int null, "language" text null, "score" double precision not null default 0, "provider" text null, "selected" boolean not null default false, "selected_by" text null, primary key ("id"));`);
    this.addSql(`create index "artwork_title_id_index" on "artwork" ("title_id");`);
    this.addSql(`alter table "artwork" add constraint "artwork_title_id_kind_season_number_url_unique" unique ("title_id", "kind", "season_number", "url");`);

    this.addSql(`alter table "artwork" add constraint "artwork_title_id_foreign" foreign key ("title_id") references "title" ("id") on delete cascade;`);
    this.addSql(`alter table "artwork" add constraint "artwork_kind_check" check ("kind" in ('POSTER', 'FANART', 'BANNER', 'CLEARLOGO', 'LANDSCAPE', 'THUMB', 'SEASON_POSTER'));`);
  }

  async down() {
    this.addSql(`drop table if exists "artwork" cascade;`);
  }
}
