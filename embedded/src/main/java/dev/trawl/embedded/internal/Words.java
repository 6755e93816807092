package dev.trawl.embedded.internal;

import java.util.List;
import java.util.SplittableRandom;

/** Small vocabularies per language, for generated text that looks like prose to a parser. */
public final class Words {
  /** Languages a demo host may declare in {@code <html lang>}; its text uses that vocabulary. */
  public static final List<String> LANGUAGES = List.of("en", "en", "en", "de", "fr", "es");

  private static final String[] EN =
      ("the a of and to in is it that for on with as was at by from this be or an are have not"
              + " crawler page host link queue fetch worker kafka topic record partition offset"
              + " stream parser document title river mountain garden window harbour village market"
              + " morning evening winter summer quickly slowly quietly bright simple ancient modern"
              + " people history science music letter journey station bridge island forest")
          .split(" ");
  private static final String[] DE =
      ("der die das und zu in ist es dass für auf mit als war bei von dies sein oder ein sind"
              + " haben nicht Seite Verbindung Warteschlange Arbeiter Thema Datensatz Fluss Berg"
              + " Garten Fenster Hafen Dorf Markt Morgen Abend Winter Sommer schnell langsam ruhig"
              + " hell einfach alt modern Menschen Geschichte Wissenschaft Musik Brief Reise"
              + " Bahnhof Brücke Insel Wald Straße Größe schön über")
          .split(" ");
  private static final String[] FR =
      ("le la les et à en est il que pour sur avec comme était chez de ce être ou un sont avoir"
              + " pas page lien file travailleur sujet enregistrement rivière montagne jardin"
              + " fenêtre port village marché matin soir hiver été rapidement lentement calme"
              + " clair simple ancien moderne gens histoire science musique lettre voyage gare"
              + " pont île forêt rue très déjà")
          .split(" ");
  private static final String[] ES =
      ("el la los y a en es que para sobre con como era de este ser o un son tener no página"
              + " enlace cola trabajador tema registro río montaña jardín ventana puerto pueblo"
              + " mercado mañana tarde invierno verano rápidamente lentamente tranquilo claro"
              + " sencillo antiguo moderno gente historia ciencia música carta viaje estación"
              + " puente isla bosque calle también niño")
          .split(" ");

  private Words() {}

  /** Returns the vocabulary of {@code language}, one of {@link #LANGUAGES}. */
  public static String[] of(String language) {
    switch (language) {
      case "de":
        return DE;
      case "fr":
        return FR;
      case "es":
        return ES;
      default:
        return EN;
    }
  }

  /** Appends {@code count} random words separated by spaces, the first one capitalised. */
  public static void appendSentence(
      StringBuilder out, String[] vocabulary, SplittableRandom random, int count) {
    for (int i = 0; i < count; i++) {
      String word = vocabulary[random.nextInt(vocabulary.length)];
      if (i == 0) {
        out.append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
      } else {
        out.append(' ').append(word);
      }
    }
  }
}
