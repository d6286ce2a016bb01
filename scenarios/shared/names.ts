// Small vocabularies for realistic people, companies and email addresses.
export const FIRST_NAMES = [
  'james', 'mary', 'john', 'patricia', 'robert', 'jennifer', 'michael', 'linda', 'william', 'elizabeth',
  'david', 'barbara', 'richard', 'susan', 'joseph', 'jessica', 'thomas', 'sarah', 'charles', 'karen',
  'daniel', 'nancy', 'matthew', 'lisa', 'anthony', 'betty', 'mark', 'margaret', 'donald', 'sandra',
  'steven', 'ashley', 'paul', 'kimberly', 'andrew', 'emily', 'joshua', 'donna', 'kenneth', 'michelle',
  'kevin', 'carol', 'brian', 'amanda', 'george', 'melissa', 'timothy', 'deborah', 'ronald', 'stephanie',
  'priya', 'wei', 'carlos', 'fatima', 'hiroshi', 'ana', 'lucas', 'sofia', 'mateo', 'aisha',
];

export const LAST_NAMES = [
  'smith', 'johnson', 'williams', 'brown', 'jones', 'garcia', 'miller', 'davis', 'rodriguez', 'martinez',
  'hernandez', 'lopez', 'gonzalez', 'wilson', 'anderson', 'thomas', 'taylor', 'moore', 'jackson', 'martin',
  'lee', 'perez', 'thompson', 'white', 'harris', 'sanchez', 'clark', 'ramirez', 'lewis', 'robinson',
  'walker', 'young', 'allen', 'king', 'wright', 'scott', 'torres', 'nguyen', 'hill', 'flores',
  'green', 'adams', 'nelson', 'baker', 'hall', 'rivera', 'campbell', 'mitchell', 'carter', 'roberts',
  'patel', 'chen', 'kim', 'singh', 'tanaka', 'silva', 'muller', 'rossi', 'kowalski', 'novak',
];

export const COMPANY_WORDS = [
  'tech', 'data', 'cloud', 'logic', 'stack', 'labs', 'works', 'soft', 'hub', 'ly',
  'metrics', 'flow', 'scale', 'grid', 'pixel', 'nova', 'apex', 'bright', 'swift', 'core',
];

export const COMPANY_STEMS = [
  'acme', 'globex', 'initech', 'umbra', 'vertex', 'zenith', 'orbit', 'lumen', 'quanta', 'summit',
  'harbor', 'cedar', 'falcon', 'maple', 'northwind', 'bluebird', 'ironwood', 'redwood', 'silverline', 'tidal',
  'atlas', 'beacon', 'cobalt', 'delta', 'ember', 'fjord', 'granite', 'helix', 'indigo', 'juniper',
];

export const EMAIL_TLDS = ['com', 'com', 'com', 'io', 'co', 'net', 'ai'];
