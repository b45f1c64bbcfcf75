import { Migration } from '@mikro-orm/migrations';

export class Migration20261121134623_artwork_votes extends Migration {
  async up() {
    this.addSql(`alter table "artwork" add "votes" int null;`);
  }

  async down() {
    this.addSql(`alter table "artwork" drop column "votes";`);
  }
}
