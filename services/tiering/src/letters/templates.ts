/**
 * Letter templates, versioned and per language. A notification records the template version it was
 * scheduled with, so a letter renders the same words later. Templates take the offender's name, the
 * behaviour (offense descriptions and dates), the tier's consequences and the offer of help; they
 * have no slot for anything about a victim, and tiering holds no victim data at all.
 */
import type { OfferedService, Tier } from '../policy/tier-policy';

export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface LetterTemplate {
  readonly title: string;
  readonly greeting: (name: string) => string;
  readonly behaviourIntro: string;
  readonly consequences: Readonly<Record<Tier, string>>;
  readonly helpIntro: string;
  readonly services: Readonly<Record<OfferedService, string>>;
  readonly message: string;
  readonly closing: string;
  readonly offenses: Readonly<Record<string, string>>;
  readonly unknownOffense: string;
}

const en: LetterTemplate = {
  title: 'Official notice from the Intimate Partner Violence Intervention partnership',
  greeting: (name) => `To ${name}:`,
  behaviourIntro: 'Police records show the following conduct toward an intimate partner:',
  consequences: {
    D: 'Your name is now on a watch list. Any further violence will be met with arrest and prosecution.',
    C: 'Because you were charged with a domestic-violence offense, you are now known to every partner agency. A new offense or any contact that breaks your conditions will move you to a higher level with stiffer penalties.',
    B: 'You now face the stiffest penalties available: prosecutors have been asked to seek elevated bond and no-contact conditions. Any further violation will be prosecuted as a priority.',
    A: 'Because of your violent record, your cases will be prosecuted on a fast track and prosecutors will seek high bond and every available sanction, including federal charges.',
  },
  helpIntro: 'The partnership offers you help. You may ask for any of these services:',
  services: {
    BATTERER_INTERVENTION: 'a batterer intervention program',
    SUBSTANCE_USE_TREATMENT: 'substance-use treatment',
    MENTAL_HEALTH_TREATMENT: 'mental-health treatment',
    EMPLOYMENT: 'help finding employment',
    HOUSING: 'help with housing',
  },
  message:
    'We know who you are. The violence must stop. No one asked us to send this letter: the community has decided together that this behaviour will not be tolerated.',
  closing: 'The IPVI partnership: police, prosecutors and community services',
  offenses: {
    '13A': 'aggravated assault',
    '13B': 'simple assault',
    '13C': 'intimidation',
    '90Z': 'violation of a protective order',
    '11A': 'sexual assault',
    '290': 'damage to property',
    '520': 'a weapons violation',
  },
  unknownOffense: 'an offense',
};

const es: LetterTemplate = {
  title: 'Aviso oficial de la alianza de Intervención contra la Violencia de Pareja',
  greeting: (name) => `Para ${name}:`,
  behaviourIntro: 'Los registros policiales muestran la siguiente conducta hacia una pareja íntima:',
  consequences: {
    D: 'Su nombre figura ahora en una lista de vigilancia. Cualquier nuevo acto de violencia tendrá como respuesta el arresto y el procesamiento.',
    C: 'Por haber sido acusado de un delito de violencia doméstica, ahora es conocido por todas las agencias de la alianza. Un nuevo delito o cualquier contacto que viole sus condiciones lo llevará a un nivel superior con penas más severas.',
    B: 'Ahora se enfrenta a las penas más severas: se ha pedido a la fiscalía que solicite una fianza elevada y condiciones de no contacto. Cualquier nueva violación será procesada con prioridad.',
    A: 'Debido a sus antecedentes violentos, sus casos se procesarán por la vía rápida y la fiscalía solicitará una fianza alta y todas las sanciones posibles, incluidos cargos federales.',
  },
  helpIntro: 'La alianza le ofrece ayuda. Puede solicitar cualquiera de estos servicios:',
  services: {
    BATTERER_INTERVENTION: 'un programa de intervención para agresores',
    SUBSTANCE_USE_TREATMENT: 'tratamiento por consumo de sustancias',
    MENTAL_HEALTH_TREATMENT: 'tratamiento de salud mental',
    EMPLOYMENT: 'ayuda para encontrar empleo',
    HOUSING: 'ayuda con la vivienda',
  },
  message:
    'Sabemos quién es usted. La violencia debe terminar. Nadie nos pidió enviar esta carta: la comunidad ha decidido unida que esta conducta no será tolerada.',
  closing: 'La alianza IPVI: policía, fiscalía y servicios comunitarios',
  offenses: {
    '13A': 'agresión agravada',
    '13B': 'agresión simple',
    '13C': 'intimidación',
    '90Z': 'violación de una orden de protección',
    '11A': 'agresión sexual',
    '290': 'daños a la propiedad',
    '520': 'una infracción de armas',
  },
  unknownOffense: 'un delito',
};

export const CURRENT_TEMPLATE_VERSION = 'letters-2026-1';

/** Every published template version (never edit one; add a new version). */
export const TEMPLATES: Readonly<Record<string, Readonly<Record<Language, LetterTemplate>>>> = {
  [CURRENT_TEMPLATE_VERSION]: { en, es },
};
