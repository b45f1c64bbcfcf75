import { Migration } from '@mikro-orm/migrations';

export class Migration20261121134120_title_format_season_episodes extends Migration {
  async up() {
    this.addSql(`alter table "title" add "format" text null, add "release_season" text null, add "episode_count" int null;`);
    this.addSql(`alter table "title" add constraint "title_format_check" check ("format" in ('TV', 'MOVIE', 'OVA', 'ONA', 'SPECIAL'));`);
    this.addSql(`alter table "title" add constraint "title_release_season_check" check ("release_season" in ('WINTER', 'SPRING', 'SUMMER', 'FALL'));`);
  }

  async down() {
    this.addSql(`alter table "title" drop constraint "title_format_check";`);
    this.addSql(`alter table "title" drop constraint "title_release_season_check";`);
    this.addSql(`alter table "title" drop column "format", drop column "release_season", drop column "episode_count";`);
  }
}
