package jnc.code;

/**
 * The words of a {@code --code}: 256 short nouns a person can read aloud and type without a
 * second look, German ones (ASCII only: oe for an umlaut) under a German locale, English ones
 * otherwise. A code is a number and two words, so it carries about 26 bits: enough against the
 * one guess per connection that the PAKE allows, and the listener stops after a few failed ones.
 */
final class Words {
    private Words() {
    }

    static final String[] ENGLISH = (
            "acid acorn actor agent alarm album alley amber angle ankle apple apron arena arrow atlas "
            + "attic autumn award bacon badge bagel baker bamboo banjo barn basin basket beach beacon "
            + "beard beaver bell bench berry bike bird blade blanket block bloom board boat bone book "
            + "boot bottle bowl box brain branch bread brick bridge brook broom brush bucket buffalo "
            + "bugle bulb bunny butter button cabin cable cactus cake camel camera camp canal candle "
            + "canoe canyon captain card carpet carrot castle cat cave cedar cello chair chalk cheese "
            + "cherry chess chicken chimney circle citrus clock cloud clover coach coast cobra cocoa "
            + "coconut coffee comet compass cookie copper coral corn cotton cousin cowboy crab crane "
            + "crayon cricket crown cup curtain cushion daisy dancer delta desert diamond dinner doctor "
            + "dolphin donkey door dragon drawer dream drum duck eagle earth easel echo eel elbow "
            + "elephant elm engine falcon farm feather fence fern ferry fiddle field finch fire flag "
            + "flame flute forest fork fossil fox frog fruit garden garlic gate gecko ghost giant ginger "
            + "glass globe glove goat gold goose grape grass guitar hammer harbor harp hat hawk hazel "
            + "helmet heron hill honey horse hotel igloo island ivory jacket jaguar jam jelly jewel "
            + "jungle kayak kettle key king kite kitten koala ladder lake lamp lantern lemon lily lion "
            + "lizard lobster lotus magnet mango maple marble meadow melon mirror moon moose mountain "
            + "mouse mule needle nest nut oak ocean olive onion orange orbit otter owl paddle palace "
            + "panda paper parrot peach pear pebble pencil penguin pepper piano pillow pilot pine pirate "
            + "planet plum").split(" ");

    static final String[] GERMAN = (
            "abend ader adler affe ahorn akte alge ampel amsel anker antwort apfel arzt ast atlas auge "
            + "auto axt bach backe bad bagger bahn ball banane band bank bart bauer baum becher beere "
            + "berg besen bett biber biene bild birne blatt blei blitz blume boden bohne boot brett brief "
            + "brille brot brunnen brust buch burg busch butter dach dachs dampf daumen decke deich "
            + "delfin dorf dose drache draht dusche ecke efeu eiche eimer eis elch ente erbse erde esel "
            + "eule fabrik faden fahne falke farbe feder feld fels fenster ferse feuer film fisch flasche "
            + "fliege floh flosse fluss flut fohlen forelle frosch fuchs funke gabel gans garten geige "
            + "geist gemse gras griff gurke hafen hafer hagel hahn hai hammer hand harfe hase haus hecht "
            + "hecke heft held helm hemd herd herz heu himmel hirsch hobel honig horn hose huhn hund hut "
            + "igel insel jacke jagd kabel kaffee kahn kakao kamel kamin kamm kanal kanne karte kasse "
            + "katze kegel keks kelle kerze kessel kette kiefer kind kirche kirsche kissen kiste klee "
            + "knopf koch koffer kohl kompass korb kran kranich kreide krone kuchen kugel lachs laden "
            + "lampe land laterne laub leder leiter licht linde lippe loch loewe mantel mauer maus meer "
            + "mehl melone messer milch moewe mond moos motte muehle muetze nadel nagel nase nebel nest "
            + "netz nuss ofen ohr onkel otter palme papier pferd pfirsich pflaume pilz pinsel planet "
            + "puppe quelle rabe rad rahmen rakete raupe regen reh reis ring rose rutsche saal sack salz "
            + "sand schaf schal schiff schild schnee schuh schwan see segel seife sonne spiegel").split(" ");
}
